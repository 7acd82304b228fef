using System.Text.Json;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Review;

/// <summary>
/// `conformance review` and the model variants over the real patch and the reviewer's two real
/// fixes from ../shared, on the scenarios written for them (vectors/seed/review/).
/// </summary>
public sealed class ReviewCommandTests : TempDirectoryTest
{

    private static readonly string Early = "early-alloc-capable-check.diff";
    private static readonly string IsErr = "iserr-after-alloc.diff";

    [Test]
    public void TheVerdictsForBothFixes()
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed,
            "--fix", RepoPaths.Fix(Early), "--fix", RepoPaths.Fix(IsErr), "--vectors", "vectors/seed/review/*.csv",
            "--reports", TempDir, "--run-id", "review");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "review", "summary.json")));
        var variants = json.RootElement.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);

        Assert.That(variants["iserr-after-alloc"].GetProperty("verdict").GetString(), Is.EqualTo("no observable change on 2 scenarios / 24 steps"));

        var early = variants["early-alloc-capable-check"];
        Assert.That(early.GetProperty("changes_behaviour").GetBoolean(), Is.True);
        var first = early.GetProperty("deltas")[0];
        Assert.That(first.GetProperty("scenario").GetString(), Is.EqualTo("mba-cannot-alloc"));
        Assert.That(first.GetProperty("op").GetString(), Is.EqualTo("online cpu=2"));
        var rc = first.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "ReturnCodes");
        Assert.That((rc.GetProperty("base").GetString(), rc.GetProperty("variant").GetString()), Is.EqualTo(("0", "-EINVAL")));
        Assert.That(early.GetProperty("deltas").EnumerateArray().Select(d => d.GetProperty("scenario").GetString()),
            Has.None.EqualTo("all-capable"), "with every resource alloc_capable the early check changes nothing");

        Assert.That(variants["all-fixes"].GetProperty("verdict").GetString(), Is.EqualTo(early.GetProperty("verdict").GetString()),
            "together, the fixes do what the early check alone does");
        foreach (var file in new[] { "review.md", "review.html", "junit.xml", "review.txt" })
            Assert.That(File.Exists(Path.Combine(TempDir, "review", file)), file);

        // The reply: the early check removes the not-alloc_capable leak and the WARN in offline,
        // adds CPUs left in L3 domains while held offline, and makes an online that worked fail.
        var reply = File.ReadAllText(Path.Combine(TempDir, "review", "review.txt"));
        var paragraphs = reply.Split("\n\n").Select(p => string.Join(" ", p.Split('\n').Select(l => l.Trim()))).ToList();
        Assert.That(reply.Split('\n').Where(l => l.Length > 72), Is.Empty, "72 columns");
        Assert.That(paragraphs, Has.Some.StartsWith("Removed: leak: Allocations from kzalloc_node() stay live that no listed domain holds: leaked.")
            .And.Some.StartsWith("Removed: WARN: mpam_resctrl_offline_cpu() WARNs: its condition !dom is true")
            .And.Some.Matches<string>(p => p!.StartsWith("Added: invariant: CPU", StringComparison.Ordinal) && p.Contains("held offline by the hotplug core but still in a L3 domain")));
        Assert.That(paragraphs.Single(p => p.StartsWith("early-alloc-capable-check:", StringComparison.Ordinal)),
            Does.Contain("regresses:").And.Contain("with -EINVAL"));
        Assert.That(paragraphs.Single(p => p.StartsWith("iserr-after-alloc:", StringComparison.Ordinal)),
            Does.Contain("no observable change").And.Not.Contain("Removed").And.Not.Contain("regresses"));
    }

    [TestCase("early-alloc-capable-check.diff", "early-alloc-check")]
    [TestCase("iserr-after-alloc.diff", "iserr-after-alloc")]
    public void EachFixConformsToItsModelVariantInLockstep(string fix, string variant)
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--fix", RepoPaths.Fix(fix),
            "--model-variant", variant, "--ignore-expectations", "--reports", TempDir);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
    }

    [Test]
    public void TheEarlyFixDivergesFromTheUnfixedModel()
    {
        var (exit, _, _) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--fix", RepoPaths.Fix(Early),
            "--ignore-expectations", "--vectors", "vectors/seed/review/*.csv", "--reports", TempDir);
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence), "the lockstep notices the fix when the model does not have it");
    }

    [Test]
    public void AFixThatDoesNotApplyExitsTwoNamingItsHunk()
    {
        var fix = Path.Combine(TempDir, "stale.diff");
        File.WriteAllText(fix, File.ReadAllText(RepoPaths.Fix(IsErr)).Replace("\t\tif (!dom) {", "\t\tif (dom == NULL) {"));
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed, "--fix", fix, "--reports", TempDir);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain($"{fix}:").And.Contain("hunk @@ -229,6 +229,8 @@"));
    }

    [Test]
    public void AgainstAnotherVersionComparesTheTwoBuilds()
    {
        // The same text in another form (a copy of the mail) must build and behave the same.
        var copy = Path.Combine(TempDir, "v6-again.txt");
        File.Copy(RepoPaths.Seed, copy);
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed, "--against", copy,
            "--vectors", "vectors/seed/review/*.csv", "--reports", TempDir, "--run-id", "against");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "against", "summary.json")));
        var variant = json.RootElement.GetProperty("variants")[0];
        Assert.That(variant.GetProperty("name").GetString(), Is.EqualTo("against v6-again.txt"));
        Assert.That(variant.GetProperty("verdict").GetString(), Is.EqualTo("no observable change on 2 scenarios / 24 steps"));
    }

    [Test]
    public void AgainstAKernelTreeHoldingTheSameFileNothingChanges()
    {
        var tree = SeedSource.Tree(Path.Combine(TempDir, "linux"));
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed, "--against", tree,
            "--vectors", "vectors/seed/review/*.csv", "--reports", Path.Combine(TempDir, "reports"), "--run-id", "against-tree");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "reports", "against-tree", "summary.json")));
        var variant = json.RootElement.GetProperty("variants")[0];
        Assert.That(variant.GetProperty("name").GetString(), Is.EqualTo("against linux"));
        Assert.That(variant.GetProperty("verdict").GetString(), Is.EqualTo("no observable change on 2 scenarios / 24 steps"));
    }
}
