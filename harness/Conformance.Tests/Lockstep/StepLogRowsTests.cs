using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Results;
using Conformance.Tests.TestSupport;
using Conformance.Vectors;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// A run that writes a step log makes each row from the snapshots as UTF-8; a run without one
/// keeps records of strings. The two must be the same rows: reports read whichever there is.
/// </summary>
public sealed class StepLogRowsTests : TempDirectoryTest
{
    private static readonly ResourceProfile Profile = ResourceProfile.Default;

    // The early alloc check returns -EINVAL where the patch onlines: rows that differ, between rows that agree.
    private const string Vector = TwelveCpuRows.WithUnlistedMba + """
        s,online,"cpus=0,2,3,7,11",,,,,
        s,offline,cpus=2,,,,,
        s,online,"cpus=9,1",,,,,
        s,offline,"cpus=0,11",,,,,
        """;

    [Test]
    public void TheRowsALoggedRunWritesAreTheRecordsAnUnloggedRunKeeps()
    {
        var scenario = OneScenario.Parse(Vector, Profile);
        ScenarioResult Run(StepLogWriter? log) =>
            new LockstepRunner(new MpamModel(Profile, ModelVariant.EarlyAllocCheck), new MpamModel(Profile),
                new LockstepOptions(KeepGoing: true, RecordSteps: true)).Run(scenario, 0, log);

        var inMemory = Run(null).Steps;
        using (var log = new StepLogWriter(StepLog.PathOf(TempDir, 0)))
        {
            log.Begin(scenario.File, scenario.Name);
            Run(log);
        }
        var logged = StepLog.Read(StepLog.PathOf(TempDir, 0)).ToList();

        Assert.That(inMemory, Has.Count.EqualTo(scenario.Steps.Count));
        Assert.That(inMemory.Count(s => s.Differs), Is.InRange(1, inMemory.Count - 1), "rows that differ and rows that agree");
        Assert.That(logged, Is.EqualTo(inMemory));
        // By hand from the C: after the first row, CPUs 0,2,3 in L3 domain 0 and 7,11 in domain 1. MBA is
        // not alloc_capable: its domain is allocated but never put on the control list.
        var online = inMemory.First(s => s.Op == "online" && s.Args == "cpu=11");
        Assert.That(online.Model.Domains, Is.EqualTo("L3[0:0,2-3 1:7,11] MBA~[]"));
        Assert.That(online.Model.OnlineCpus, Is.EqualTo("0,2-3,7,11"));
    }

    [Test]
    public void WithAStepLogNoRecordStaysInMemoryAndTheTimelineIsReadFromTheLog()
    {
        // 5 platform rows, setup, then 40 rows of 12 CPUs each: 486 recorded steps (a row of 12 is recorded step by step).
        var logged = LogOf(Rows(40), new LockstepOptions(RecordSteps: true), out var kept);

        Assert.That(kept.Outcome, Is.EqualTo(ScenarioOutcome.Conforms));
        Assert.That(logged, Has.Count.EqualTo(5 + 1 + 40 * 12), "the log has every step");
        Assert.That(kept.Steps, Is.Empty, "the result carries none: the reports read the log");
        // What report.html draws: the 5 platform records and the first 400 after them, read no further.
        var timeline = StepRecord.Timeline(logged);
        Assert.That(timeline, Is.EqualTo(logged.Take(5 + StepRecord.TimelineSteps)));
        Assert.That(timeline.Count(s => StepRecord.DescribesPlatform(s.Op)), Is.EqualTo(5));
    }

    // TwelveCpuRows' vector: each row of 12 CPUs recorded step by step while the limit lasts.
    private static Scenario Rows(int rows, string? failingAfter = null)
    {
        var csv = TwelveCpuRows.Csv(rows, failingAfter);
        return OneScenario.Parse(csv, Profile);
    }

    private List<StepRecord> LogOf(Scenario scenario, LockstepOptions options, out ScenarioResult result)
    {
        using (var log = new StepLogWriter(StepLog.PathOf(TempDir, 0)))
        {
            log.Begin(scenario.File, scenario.Name);
            result = new LockstepRunner(new MpamModel(Profile), new MpamModel(Profile), options).Run(scenario, 0, log);
        }
        return StepLog.Read(StepLog.PathOf(TempDir, 0)).ToList();
    }

    [Test]
    public void PastItsRecordLimitAScenarioRecordsOnlyItsLastStep()
    {
        // 6 + 40 * 12 = 486 steps (0-485). With a limit of 20: steps 0-19, then only the last.
        var scenario = Rows(40);
        var logged = LogOf(scenario, new LockstepOptions(RecordSteps: true, RecordLimit: 20), out var result);

        Assert.That(result.Outcome, Is.EqualTo(ScenarioOutcome.Conforms));
        Assert.That(result.StepsRun, Is.EqualTo(486));
        Assert.That(logged.Select(s => s.Index), Is.EqualTo(Enumerable.Range(0, 20).Append(485)));
        Assert.That(result.StepsRecorded, Is.EqualTo(21), "what summary.json and report.html say of it");
        // The last step offlines CPU 0 of the last (offline) row: nothing is left online.
        Assert.That(logged[^1].Args, Is.EqualTo("cpu=0"));
        Assert.That(logged[^1].Reference.OnlineCpus, Is.EqualTo("-"));
        // A review records every step inside rows too, but up to the same limit: it compares those two runs recorded.
        Assert.That(LogOf(scenario, new LockstepOptions(RecordSteps: true, RecordLimit: 20, RecordEveryStep: true), out _).Select(s => s.Index),
            Is.EqualTo(Enumerable.Range(0, 20).Append(485)));
    }

    [Test]
    public void PastItsRecordLimitAStepThatFailsIsStillRecorded()
    {
        // After 20 rows (steps 6-245, all offline again at the end), an online of CPU 5 that the row
        // says fails; it returns 0 (step 246). CPU 5 goes offline again (247), then 20 more rows (248-487).
        var scenario = Rows(40, failingAfter: "s,online,cpu=5,-EINVAL,,,,\ns,offline,cpu=5,,,,,\n");
        var logged = LogOf(scenario, new LockstepOptions(KeepGoing: true, RecordSteps: true, RecordLimit: 20), out var result);

        Assert.That(result.Outcome, Is.EqualTo(ScenarioOutcome.ExpectationFailed));
        Assert.That(result.FirstFailure!.Step, Is.EqualTo(246));
        Assert.That(logged.Select(s => s.Index), Is.EqualTo(Enumerable.Range(0, 20).Append(246).Append(487)));
        Assert.That(result.StepsRecorded, Is.EqualTo(22));
        Assert.That(logged[20].Reference.Rc, Is.EqualTo("0"));
        Assert.That(logged[20].Reference.OnlineCpus, Is.EqualTo("5"));
    }

    [Test]
    public void AScenarioThatFailsAtEveryStepKeepsTheFirstFailuresWholeAndCountsTheRest()
    {
        // Steps 0-5 set up, then 40 rows of one step each, whose expected -EINVAL never comes (each
        // returns 0): steps 6-45 fail. Kept whole: the first 32 (6-37). Recorded with a limit of 10:
        // steps 0-9, the kept failures past them (10-37), and the last step (45).
        var rows = string.Concat(Enumerable.Range(0, 40).Select(r => r % 2 == 0 ? "s,online,cpu=1,-EINVAL,,,,\n" : "s,offline,cpu=1,-EINVAL,,,,\n"));
        var scenario = OneScenario.Parse(TwelveCpuRows.Csv(0) + rows, Profile);
        var logged = LogOf(scenario, new LockstepOptions(KeepGoing: true, RecordSteps: true, RecordLimit: 10), out var result);

        Assert.That(result.Outcome, Is.EqualTo(ScenarioOutcome.ExpectationFailed));
        Assert.That(result.StepsRun, Is.EqualTo(46));
        Assert.That(result.FailingSteps, Is.EqualTo(40));
        Assert.That(Failure.Kept, Is.EqualTo(32));
        Assert.That(new[] { result.FirstFailure! }.Concat(result.LaterFailures).Select(f => f.Step), Is.EqualTo(Enumerable.Range(6, 32)));
        Assert.That(logged.Select(s => s.Index), Is.EqualTo(Enumerable.Range(0, 38).Append(45)));
        Assert.That(result.StepsRecorded, Is.EqualTo(39));
    }
}
