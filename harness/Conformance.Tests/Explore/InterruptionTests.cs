using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Conformance.Cli;
using Conformance.Explore;
using Conformance.Mutation;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Explore;

/// <summary>
/// Ctrl-C during explore or mutate keeps what was found: the first SIGINT stops new work, the
/// reports are written, saying so, and the exit is 130.
/// </summary>
public sealed partial class InterruptionTests : TempDirectoryTest
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    // SIGTERM, which the verb takes as it takes Ctrl-C's SIGINT: a test host started in the
    // background of a non-interactive shell passes SIGINT down ignored, and .NET keeps it so.
    private const int SIGTERM = 15;

    [Test, CancelAfter(180_000)]
    public void AnInterruptedExploreWritesWhatItFoundAndExits130()
    {
        var reports = Path.Combine(TempDir, "reports");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = TempDir, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { typeof(Program).Assembly.Location, "explore", "--patch", RepoPaths.Seed, "--seconds", "600", "--reports", reports, "--run-id", "stopped" })
            start.ArgumentList.Add(a);
        using var run = Process.Start(start)!;
        run.BeginOutputReadLine();
        var error = new System.Text.StringBuilder();
        var exploring = new ManualResetEventSlim();
        run.ErrorDataReceived += (_, e) =>
        {
            lock (error)
                error.AppendLine(e.Data);
            if (e.Data?.StartsWith("explore: ", StringComparison.Ordinal) == true && e.Data.Contains("-> found/", StringComparison.Ordinal))
                exploring.Set();                                    // a first fact: scenarios are running
        };
        run.BeginErrorReadLine();
        Assert.That(exploring.Wait(TimeSpan.FromSeconds(120)), Is.True, () => "explore found a first fact; it said:\n" + error);

        Assert.That(Kill(run.Id, SIGTERM), Is.Zero);
        Assert.That(run.WaitForExit(60_000), Is.True, "it stops long before its ten minutes");
        run.WaitForExit();
        string said;
        lock (error)
            said = error.ToString();
        Assert.That(run.ExitCode, Is.EqualTo(Interruption.ExitCode), said);
        Assert.That(said, Does.Contain("conformance explore: interrupted: finishing what is in flight"));
        Assert.That(said, Does.Contain("conformance explore: interrupted after "));

        var folder = Path.Combine(reports, "stopped");
        var results = ExploreResults.Read(folder);
        Assert.That(results.Interrupted, Is.True);
        Assert.That(results.Scenarios, Is.GreaterThan(0));
        Assert.That(results.Facts, Is.Not.Empty, "the facts found before the signal are kept");
        Assert.That(results.Facts.All(f => File.Exists(Path.Combine(folder, f.File))), Is.True, "each with its vector");
        Assert.That(File.ReadAllText(Path.Combine(folder, "explore.md")), Does.Contain("Interrupted before its budget was spent"));
    }

    [Test]
    public void AnInterruptedExploreShardMakesTheMergeSaySo()
    {
        FoundFact Fact(string key, int drawn) => new(key, key, 3, 2, ExploreResults.FoundFile(key), drawn);
        var whole = new ExploreResults(7, "0123456789abcdef", 1, 2, 100, [Fact("found-01", 0)]);
        var stopped = new ExploreResults(7, "0123456789abcdef", 2, 2, 40, [Fact("found-01", 1)], Interrupted: true);
        var (merged, _) = ExploreResults.Merge([("a", whole), ("b", stopped)]);
        Assert.That((merged.Interrupted, merged.Scenarios), Is.EqualTo((true, 140)));
        Assert.That(ExploreResults.Merge([("a", whole), ("b", whole with { ShardIndex = 2 })]).Merged.Interrupted, Is.False);
        var reread = Path.Combine(TempDir, "r");
        Directory.CreateDirectory(reread);
        File.WriteAllText(Path.Combine(reread, ExploreResults.FileName), stopped.Json());
        Assert.That(ExploreResults.Read(reread).Interrupted, Is.True, "explore.json keeps it");
    }

    [Test]
    public void AnInterruptedMutationRunScoresWhatItJudgedAndSaysSo()
    {
        MutantResult Judged(int id, MutantFate fate) => new(new Mutant(id, "condition", id, "a", "b", "== becomes !=", "f"), fate, "");
        var run = new MutationResults("p", "0123456789abcdef", 1, 1, 10, [Judged(1, MutantFate.Killed), Judged(2, MutantFate.Survived)], [],
            Interrupted: true);
        Assert.That(MutationReport.Markdown(run), Does.Contain("Interrupted: 2 mutants were judged before it stopped; the score is theirs."));
        using var json = JsonDocument.Parse(MutationReport.Json(run));
        Assert.That((json.RootElement.GetProperty("interrupted").GetBoolean(), json.RootElement.GetProperty("score").GetDouble()), Is.EqualTo((true, 50.0)));
        var reread = Path.Combine(TempDir, "m");
        Directory.CreateDirectory(reread);
        File.WriteAllText(Path.Combine(reread, MutationReport.FileName), MutationReport.Json(run));
        Assert.That(MutationReport.Read(reread).Interrupted, Is.True);
    }
}
