using Conformance.Results;

namespace Conformance.Tests.Reports;

/// <summary>Hand-made run results covering every outcome, for the report writer tests.</summary>
internal static class SampleRuns
{
    public static SideState State(string domains, string rc = "0") =>
        new(rc, domains, "-", "allocs_live=1", "0-1");

    /// <summary><see cref="Mixed"/>'s run with <paramref name="count"/> scenarios named s0, s1, ...: every third (s0, s3, ...) diverges, the others conform.</summary>
    public static RunResult Many(int count)
    {
        var run = Mixed();
        var (agrees, differs) = (run.Scenarios[0], run.Scenarios[1]);
        return run with { Scenarios = Enumerable.Range(0, count).Select(i => (i % 3 == 0 ? differs : agrees) with { Name = $"s{i}" }).ToList() };
    }

    public static RunResult Mixed()
    {
        var step0 = new StepRecord(0, 2, "topology", "cpus=4", State("-"), State("-"));
        var step1 = new StepRecord(1, 3, "online", "cpu=1", State("L3[0:1]"), State("L3[0:1]"));
        var diverged = new StepRecord(1, 3, "online", "cpu=2", State("L3[0:1-2]"), State("L3[0:1 1:2]"));
        var leak = new Finding(1, 3, FindingSide.Both, "leak",
            "mpam_resctrl_alloc_domain() allocated a domain that is on no list <and> nothing frees it.");
        return new RunResult("20261125-000000-abcdef", new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero),
            TimeSpan.FromSeconds(1.5), new RunSubject("seed.txt", ["fix.diff"], "patch", "/tmp/libmpamref.so", ["L3", "L2", "MBA", "SMBA", "PERF_PKG"]),
        [
            new ScenarioResult("agrees", "vectors/a.csv", 2, ScenarioOutcome.Conforms, 2, 2, null, [], [leak], [step0, step1], TimeSpan.FromMilliseconds(3)),
            new ScenarioResult("differs", "vectors/a.csv", 10, ScenarioOutcome.Diverged, 2, 5,
                new Failure(1, 11, "domains", "L3 domain list: reference L3[0:1-2], model L3[0:1 1:2]", ["reference: L3[0:1-2]", "model: L3[0:1 1:2]"]),
                [], [], [step0, diverged], TimeSpan.FromMilliseconds(2)),
            new ScenarioResult("dies", "vectors/b.csv", 2, ScenarioOutcome.Crashed, 1, 3,
                new Failure(1, 3, "Crashed", "the reference died with signal 11 (SIGSEGV) \u0001 during `online cpu=3`", ["steps that led there:"]),
                [], [], [], TimeSpan.Zero),
        ]);
    }
}
