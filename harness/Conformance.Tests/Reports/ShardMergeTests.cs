using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Reports;

/// <summary>A suite spread over a CI matrix (`run --shard i/n`) and joined (`merge`) reports what one machine running it all reports.</summary>
public sealed class ShardMergeTests : TempDirectoryTest
{
    private static readonly string[] Reports = ["steps.csv", "junit.xml", "summary.json", "summary.md", "summary.txt", "report.html"];

    [Test]
    public void FourShardsMergedEqualTheUnshardedRunInEveryReport()
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--reports", TempDir, "--run-id", "whole");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        var shards = new List<string>();
        for (int i = 1; i <= 4; i++)
        {
            (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--shard", $"{i}/4", "--reports", TempDir, "--run-id", $"shard{i}");
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
            shards.Add(Path.Combine(TempDir, $"shard{i}"));
        }
        // Every shard ran something, and none ran what another did.
        var scenariosOf = shards.Select(s => File.ReadAllLines(Path.Combine(s, "steps.csv")).Skip(1).Select(l => l.Split(',')[1]).Distinct().ToList()).ToList();
        Assert.That(scenariosOf, Has.All.Not.Empty);
        Assert.That(scenariosOf.SelectMany(s => s).Count(), Is.EqualTo(scenariosOf.SelectMany(s => s).Distinct().Count()));

        // Given in any order, the shards join in suite order.
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "merge", shards[2], shards[0], shards[3], shards[1], "--reports", TempDir, "--run-id", "merged");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        foreach (var report in Reports)
            Assert.That(ReportText.Normalized(Path.Combine(TempDir, "merged", report), "merged"), Is.EqualTo(ReportText.Normalized(Path.Combine(TempDir, "whole", report), "whole")), report);
    }

    [Test]
    public void TwoReviewShardsMergedEqualTheUnshardedReview()
    {
        string[] Review(string runId, params string[] more) =>
        [
            "review", "--patch", RepoPaths.Seed, "--fix", RepoPaths.Fix("early-alloc-capable-check.diff"), "--fix", RepoPaths.Fix("iserr-after-alloc.diff"),
            "--vectors", "vectors/seed/model-basics/*.csv", "--reports", TempDir, "--run-id", runId, .. more,
        ];
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, Review("whole"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        for (int i = 1; i <= 2; i++)
        {
            (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, Review($"shard{i}", "--shard", $"{i}/2"));
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        }
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "merge", Path.Combine(TempDir, "shard2"), Path.Combine(TempDir, "shard1"),
            "--reports", TempDir, "--run-id", "merged");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        // The early check's deltas are in more than one file of the suite: both shards hold some.
        foreach (var shard in new[] { "shard1", "shard2" })
            Assert.That(File.ReadAllText(Path.Combine(TempDir, shard, "review.txt")), Does.Contain("makes online fail with -EINVAL"), shard);
        foreach (var report in new[] { "review.txt", "review.md", "review.html", "junit.xml", "summary.json" })
            Assert.That(ReportText.Normalized(Path.Combine(TempDir, "merged", report), "merged"), Is.EqualTo(ReportText.Normalized(Path.Combine(TempDir, "whole", report), "whole")), report);
    }

    [Test]
    public void AMissingShardOrAFolderThatIsNoShardIsRefusedNamingIt()
    {
        var one = Path.Combine(TempDir, "one");
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--vectors", "vectors/seed/smoke/*.csv",
            "--shard", "1/2", "--reports", TempDir, "--run-id", "one");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "merge", one, "--reports", TempDir, "--run-id", "m");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("expected all 2 shards once each, but shard(s) 2/2 are missing"));
        Assert.That(Directory.Exists(Path.Combine(TempDir, "m")), Is.False, "nothing is written for a refused merge");

        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "merge", TempDir, "--reports", TempDir, "--run-id", "m");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain($"{TempDir}: expected a shard's report folder"));
    }

}
