using Conformance.Reports;
using System.Diagnostics;
using Conformance.Cli;
using Conformance.Lockstep;
using Conformance.Lockstep.Isolation;
using Conformance.Results;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// A reference that segfaults or hangs fails the scenario it dies in, at that step, and the run
/// goes on with complete reports. Uses Native/crashing_ref.c, a library built for this test only.
/// </summary>
public sealed class IsolationTests
{
    private string _dir = "";

    [SetUp]
    public void Build()
    {
        _dir = Directory.CreateTempSubdirectory("isolation-test-").FullName;
        TestSupport.TestLibraries.Crashing(_dir);
        Directory.CreateDirectory(Path.Combine(_dir, "vectors", "seed"));
        File.WriteAllText(Path.Combine(_dir, "vectors", "seed", "dying.csv"), """
            scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
            before,topology,cpus=8,,,,,
            before,online,cpu=1,0,,,,
            segfaults,topology,cpus=8,,,,,
            segfaults,online,cpu=1,0,,,,
            segfaults,online,cpu=3,,,,,the library dereferences NULL here
            segfaults,online,cpu=2,,,,,never reached
            after,topology,cpus=8,,,,,
            after,online,cpus=0-2,0,,,,
            hangs,topology,cpus=8,,,,,
            hangs,online,cpu=4,,,,,the library spins here
            last,topology,cpus=8,,,,,
            """);
    }

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private RunResult Run() =>
        new RunPipeline(WorkerLaunch.ThisAssembly()).Run(new RunRequest(
            Path.Combine(_dir, "crashing.so"), new RunSubject("crashing", [], "patch", "crashing.so", []),
            _dir, [], [], KeepGoing: false, StepTimeout: TimeSpan.FromSeconds(3)));

    [Test]
    public void ACrashOrAHangFailsOneScenarioAtItsStepAndTheRunGoesOn()
    {
        var run = Run();
        Assert.That(run.Scenarios.Select(s => (s.Name, s.Outcome)), Is.EqualTo(new[]
        {
            ("before", ScenarioOutcome.Conforms),
            ("segfaults", ScenarioOutcome.Crashed),
            ("after", ScenarioOutcome.Conforms),
            ("hangs", ScenarioOutcome.TimedOut),
            ("last", ScenarioOutcome.Conforms),
        }));
        var crash = run.Scenarios[1].FirstFailure!;
        Assert.That((crash.Step, crash.Line), Is.EqualTo((2, 6)));
        Assert.That(crash.Message, Does.Contain("signal 11 (SIGSEGV)").And.Contain("`online cpu=3`"));
        Assert.That(crash.Details, Has.Some.Contains("step 1 (line 5): online cpu=1"), "the steps that led there");
        var hang = run.Scenarios[3].FirstFailure!;
        Assert.That((hang.Step, hang.Line), Is.EqualTo((1, 11)));
        Assert.That(hang.Message, Does.Contain("no progress for 3 s").And.Contain("`online cpu=4`"));
    }

    [Test]
    public void TheReportsOfACrashedRunAreComplete()
    {
        var run = Run();
        var reports = Path.Combine(_dir, "reports");
        var published = RunExecution.Publish(run, ReportFolder.Reserve(reports, run.RunId), null);
        Assert.That(published.Failed, Is.Empty);
        var folder = published.Folder;
        foreach (var file in new[] { "junit.xml", "summary.md", "report.html", "steps.csv", "summary.json" })
            Assert.That(new FileInfo(Path.Combine(folder, file)).Length, Is.GreaterThan(0), file);
        Assert.That(File.ReadAllText(Path.Combine(folder, "junit.xml")), Does.Contain("<error type=\"Crashed\"").And.Contain("<error type=\"TimedOut\""));
        Assert.That(File.ReadAllText(Path.Combine(folder, "summary.md")), Does.Contain("| `segfaults` | `vectors/seed/dying.csv:4` | Crashed | 2/4 | 0 |"));
    }
}
