using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>Scenarios shared out over worker processes side by side: the reports are the one-worker run's.</summary>
public sealed class WorkersTests : TempDirectoryTest
{
    private JsonNode Scenarios(string runId, int workers)
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--vectors", "vectors/seed/model-basics/*.csv",
            "--workers", workers.ToString(), "--reports", TempDir, "--run-id", runId);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        var scenarios = JsonNode.Parse(File.ReadAllText(Path.Combine(TempDir, runId, "summary.json")))!["scenarios"]!;
        foreach (var s in scenarios.AsArray())
            s!.AsObject().Remove("duration_seconds");               // the one thing that may differ
        return scenarios;
    }

    [Test]
    public void ThreeWorkersReportWhatOneDoes()
    {
        var one = Scenarios("one", 1);
        var three = Scenarios("three", 3);
        Assert.That(three.AsArray(), Has.Count.EqualTo(17));                   // the scenarios of vectors/seed/model-basics
        Assert.That(three.ToJsonString(), Is.EqualTo(one.ToJsonString()));
    }
}
