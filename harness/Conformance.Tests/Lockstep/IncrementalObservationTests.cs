using Conformance.Cli;
using Conformance.Explore;
using Conformance.Tests.TestSupport;
using CsCheck;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// A step costs what it changed: the sides keep what did not change, the comparison and the
/// invariants look at what was rewritten. None of that may change what a run reports: each
/// family's suite, observed whole at every step, gives the same reports byte for byte.
/// </summary>
public sealed class IncrementalObservationTests : TempDirectoryTest
{
    private static readonly string[] Reports = ["steps.csv", "junit.xml", "summary.json", "summary.md"];

    [TestCase("seed")]
    [TestCase("mainline-fb481ec0")]
    [TestCase("caches-cdp-01a0021f")]
    public void ASuiteObservedWholeAtEveryStepReportsWhatItReportsIncrementally(string revision)
    {
        string[] subject = revision == "seed"
            ? ["--patch", RepoPaths.Seed]
            : ["--kernel-tree", Path.Combine(RepoPaths.Shared, "revisions", revision)];
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, ["run", .. subject, "--reports", TempDir, "--run-id", "incremental"]);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, ["run", .. subject, "--observe-whole", "--reports", TempDir, "--run-id", "whole"]);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(File.ReadAllText(Path.Combine(TempDir, "whole", "summary.md")), Does.Contain("finding"), "the suite has findings to agree on");
        foreach (var report in Reports)
            Assert.That(ReportText.Normalized(Path.Combine(TempDir, "incremental", report), "incremental"),
                Is.EqualTo(ReportText.Normalized(Path.Combine(TempDir, "whole", report), "whole")), report);
    }

    // Generated scenarios go where the suites do not: faults at every allocation, teardown, mounts,
    // repeated ids, CPUs outside every component, 4096-CPU topologies.
    // The fix's model against the patch as posted diverges wherever the fix changes what a step does:
    // what a divergence reports (the differences, both sides' states, the model's own findings from
    // then on) is held to the same too.
    [TestCase("seed", "", "patch")]
    [TestCase("seed", "", "early-alloc-check+iserr-after-alloc")]
    [TestCase("mainline", "mainline-fb481ec0", "patch")]
    public void GeneratedScenariosObservedWholeAtEveryStepReportWhatTheyReportIncrementally(string family, string revision, string variant)
    {
        string[] subject = revision.Length == 0
            ? ["--patch", RepoPaths.Seed]
            : ["--kernel-tree", Path.Combine(RepoPaths.Shared, "revisions", revision)];
        var features = revision.Length == 0 ? [] : Conformance.Model.DeviceFeatures.Of(Path.Combine(RepoPaths.Shared, "revisions", revision));
        var grammar = ScenarioGrammar.For(family, picksClasses: revision.Length > 0, features);
        var pcg = new PCG(1, 20261125);
        var scenarios = Enumerable.Range(0, 200).Select(i => ($"g{i}", grammar.Generate(pcg, null!, out Size _)));
        File.WriteAllText(Path.Combine(TempDir, "generated.csv"), GeneratedScenario.Csv(scenarios));

        string[] Run(string runId, params string[] more) =>
            ["run", .. subject, "--vectors", "generated.csv", "--keep-going", "--model-variant", variant, "--reports", Path.Combine(TempDir, "reports"),
             "--run-id", runId, .. more];
        var (exit, _, error) = ConsoleCapture.Run(TempDir, Run("incremental"));
        Assert.That(exit, variant == "patch" ? Is.AnyOf(ExitCodes.Conforms, ExitCodes.Divergence) : Is.EqualTo(ExitCodes.Divergence),
            variant == "patch" ? error : "the fixes change what some generated scenario does: " + error);
        var (wholeExit, _, wholeError) = ConsoleCapture.Run(TempDir, Run("whole", "--observe-whole"));
        Assert.That(wholeExit, Is.EqualTo(exit), wholeError);
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "reports", "whole", "summary.json")));
        Assert.That(summary.RootElement.GetProperty("scenarios").GetArrayLength(), Is.EqualTo(200));
        Assert.That(summary.RootElement.GetProperty("totals").GetProperty("steps").GetInt32(), Is.GreaterThanOrEqualTo(200 * 5),
            "every scenario ran through its platform rows (topology, class, component, cache or map, setup) and more");
        foreach (var report in Reports)
            Assert.That(ReportText.Normalized(Path.Combine(TempDir, "reports", "incremental", report), "incremental"),
                Is.EqualTo(ReportText.Normalized(Path.Combine(TempDir, "reports", "whole", report), "whole")), report);
    }

    [Test]
    public void AWorkerIsToldToObserveWhole()
    {
        var path = Path.Combine(TempDir, "job.json");
        var job = new Conformance.Lockstep.Isolation.WorkerJob("lib.so", "patch", ["v.csv"], TempDir, 0, KeepGoing: false, RecordSteps: true, "")
        {
            ObserveWhole = true,
        };
        job.Save(path);
        Assert.That(Conformance.Lockstep.Isolation.WorkerJob.Load(path).ObserveWhole, Is.True);
        (job with { ObserveWhole = false }).Save(path);
        Assert.That(Conformance.Lockstep.Isolation.WorkerJob.Load(path).ObserveWhole, Is.False);
    }
}
