using System.Text.Json;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Bench;

/// <summary>What `bench` measures and keeps (never how fast: speed is measured by the command, not asserted).</summary>
public sealed class BenchCommandTests : TempDirectoryTest
{
    [Test]
    public void EveryPartIsMeasuredInEveryRoundAndTheResultsAreKeptAndComparedWithTheLastOfTheSameWorkload()
    {
        var results = Path.Combine(TempDir, "bench");
        string[] Args(int cpus) => ["bench", "--patch", RepoPaths.Seed, "--cpus", $"{cpus}", "--seconds", "0.02", "--repeats", "3", "--results", results, "--json"];
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, Args(8));
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(output);
        var parts = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.That(parts.Select(p => p.GetProperty("key").GetString()),
            Is.EqualTo(new[] { "model", "model-steps", "model-lockstep", "reference", "lockstep-observing", "lockstep", "lockstep-unchecked", "lockstep-recording", "lockstep-columns", "recorded-rows", "pure-c" }));
        Assert.That(parts.Select(p => p.GetProperty("rounds").GetArrayLength()), Has.All.EqualTo(3));
        Assert.That(parts.SelectMany(p => p.GetProperty("rounds").EnumerateArray()).Select(r => r.GetProperty("steps").GetInt64()), Has.All.Positive);
        Assert.That(json.RootElement.GetProperty("cpus").GetInt32(), Is.EqualTo(8));
        Assert.That(json.RootElement.GetProperty("steadiness").GetDouble(), Is.InRange(0.0, 1.0));
        Assert.That(json.RootElement.GetProperty("load_average").GetDouble(), Is.EqualTo(Conformance.Bench.LoadAverage.Now()!.Value).Within(50.0),
            "the machine's load average is kept beside the results");
        Assert.That(Directory.GetFiles(results, "bench-*.json"), Has.Length.EqualTo(1));

        // Another workload is not compared with it; the same one is, and neither file is replaced.
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, Args(4));
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(error, Does.Not.Contain("compared with").And.Not.Contain("vs last"));
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, Args(8));
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(error, Does.Contain("compared with").And.Contain("8cpus"));
        Assert.That(error, Does.Contain("median vs last").And.Contain("best vs last"), "medians and best rounds are both compared");
        Assert.That(Directory.GetFiles(results, "bench-*.json"), Has.Length.EqualTo(3));
    }

    // Only the parts asked for run, and the ratios and shares of those: the pure-C replay against
    // the lockstep, and the pure-C replay's own share; a name that is no part is a usage error.
    [Test]
    public void PartsNamedAreTheOnlyOnesMeasuredAndAnUnknownOneIsAUsageError()
    {
        var results = Path.Combine(TempDir, "bench");
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "bench", "--patch", RepoPaths.Seed, "--cpus", "8", "--seconds", "0.02", "--repeats", "2",
            "--parts", "pure-c,lockstep", "--results", results, "--json");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("results").EnumerateArray().Select(p => p.GetProperty("key").GetString()), Is.EqualTo(new[] { "lockstep", "pure-c" }));
        Assert.That(error, Does.Contain("pure-C replay against lockstep (how many times faster)").And.Contain("the C step and its snapshot, in C"));
        Assert.That(error, Does.Not.Contain("lockstep against lockstep recording").And.Not.Contain("the model's step"));

        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "bench", "--patch", RepoPaths.Seed, "--parts", "lockstep,invariants", "--results", results);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("--parts: 'invariants' is not a part; expected some of model, model-steps, model-lockstep, reference, lockstep-observing, lockstep,"));
        Assert.That(Directory.GetFiles(results, "bench-*.json"), Has.Length.EqualTo(1), "the refused run kept nothing");
    }

    // A workload the sides disagree on measures nothing: bad input, saying where they part, and
    // no result kept. Mainline's model against the seed's patch: mainline's boot wakes the cacheinfo
    // waiters once (its __cacheinfo_ready() initcall), which the seed's file does not have.
    [Test]
    public void AWorkloadTheSidesDisagreeOnIsBadInputAndKeepsNoResult()
    {
        var results = Path.Combine(TempDir, "bench");
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "bench", "--patch", RepoPaths.Seed, "--model", "mainline", "--cpus", "8",
            "--seconds", "0.02", "--repeats", "1", "--results", results);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("the workload does not conform, so it measures nothing: reference and model disagree after `topology cpus=8`: counters.wake_ups: 0 vs 1"));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(results) ? Directory.GetFiles(results) : [], Is.Empty);
    }

    [Test]
    public void AWorkloadFileIsReadWithTheVectorReaderAndAMissingOneIsBadInput()
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "bench", "--patch", RepoPaths.Seed, "--workload", Path.Combine(TempDir, "none.csv"));
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("none.csv: expected a vector file"));

        var bad = Path.Combine(TempDir, "bad.csv");
        File.WriteAllText(bad, "scenario,op,args\nw,topology,cpus=4\nw,online,cpu=9\n");
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "bench", "--patch", RepoPaths.Seed, "--workload", bad);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("bad.csv:3:"));
    }

    [Test]
    public void TheSteadyWorkloadAllocatesFreesAndChangesNoListAfterItsFirstOnlineRow()
    {
        var scenario = Conformance.Bench.BenchRunner.Workload(64, 2, Conformance.Observation.ResourceProfile.Default, steady: true);
        var model = new Conformance.Model.MpamModel(Conformance.Observation.ResourceProfile.Default);
        var snapshot = new Conformance.Observation.StateSnapshot(model.Profile);
        model.Reset();
        int firstRowEnd = -1;
        (ulong Allocs, ulong Frees, ulong ListWrites) after = default;
        for (int i = 0; i < scenario.Steps.Count; i++)
        {
            var step = scenario.Steps[i];
            Conformance.Lockstep.StepDispatch.Apply(model, step);
            model.Fill(snapshot);
            if (firstRowEnd < 0 && step.Op == Conformance.Vectors.StepOp.Online && step.LastOfRow)
            {
                firstRowEnd = i;
                after = (model.Kernel.Ledger.AllocsTotal, model.Kernel.Ledger.FreesTotal, model.Kernel.ListWrites);
            }
            else if (firstRowEnd >= 0)
                Assert.That(snapshot.DomainsKept, Is.True, $"step {i} ({step}) kept every list");
        }
        // CPUs 0, 8, ..., 56: a domain for each of the 8 L3 components, and the MBA's one.
        Assert.That(after.Allocs, Is.EqualTo(9UL));
        Assert.That((model.Kernel.Ledger.AllocsTotal, model.Kernel.Ledger.FreesTotal, model.Kernel.ListWrites), Is.EqualTo(after));
        Assert.That(scenario.Steps.Count - firstRowEnd - 1, Is.EqualTo(2 * 2 * 56), "two rounds of the 56 other CPUs, online and offline");

        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "bench", "--steady", "--workload", Path.Combine(TempDir, "w.csv"));
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("--steady shapes the built-in workload"));
    }

    [Test]
    public void ARevisionThatPicksItsClassesIsBenchedOnCachesAndCountersNotMapRows()
    {
        var tree = Path.Combine(RepoPaths.Shared, "revisions", "mainline-fb481ec0");
        var profile = Conformance.Model.RevisionFacts.Of(tree).Profile(Conformance.Observation.ResourceProfile.Default);
        Assert.That(profile.PicksClasses, Is.True);
        var scenario = Conformance.Bench.BenchRunner.Workload(16, 1, profile);
        Assert.That(scenario.Steps.Select(s => s.Op), Has.None.EqualTo(Conformance.Vectors.StepOp.Map));
        var model = Conformance.Model.ModelFamilies.ByName("mainline")!.Create(profile, default);
        var snapshot = new Conformance.Observation.StateSnapshot(profile);
        model.Reset();
        var afterRows = new List<string>();
        foreach (var step in scenario.Steps)
        {
            Assert.That(Conformance.Lockstep.StepDispatch.Apply(model, step), Is.GreaterThanOrEqualTo(0), step.ToString());
            model.Fill(snapshot);
            if (step.LastOfRow && step.Op is Conformance.Vectors.StepOp.Online or Conformance.Vectors.StepOp.Offline)
                afterRows.Add(Conformance.Observation.DomainText.Format(snapshot));
        }
        // By hand from mpam_resctrl.c: the L3 class has CPOR and CSU, so each component backs a
        // control and a monitor domain (ids the caches'), listed by id; no memory class, no MBA.
        Assert.That(afterRows, Is.EqualTo(new[] { "L3[0:0-7 1:8-15]{0:0-7 1:8-15}", "L3[]{}" }));
    }

    // Three interleaved rounds of these parts, of a 64-CPU workload of 100 steps.
    private static Conformance.Bench.BenchReport Report(params Conformance.Bench.BenchResult[] parts) =>
        new(DateTimeOffset.UnixEpoch, "bench", null, 64, 100, null, 1, 3, parts);

    // A part measured over rounds of one second each, at these steps a second.
    private static Conformance.Bench.BenchResult Part(string key, params long[] rounds) =>
        new(key, key, rounds.Select(perSecond => new Conformance.Bench.BenchRound(perSecond, TimeSpan.FromSeconds(1), 0)).ToList());

    [Test]
    public void EachRatioIsTheMedianOfItsRoundByRoundValuesWithTheBestRoundsBeside()
    {
        // Three interleaved rounds, steps a second; the second round is disturbed (every part but the model at half speed).
        var report = Report(
            Part("model", 3_000_000, 3_000_000, 3_000_000),
            Part("model-steps", 12_000_000, 6_000_000, 8_000_000),
            Part("lockstep", 1_000_000, 500_000, 800_000),
            Part("lockstep-recording", 400_000, 200_000, 400_000),
            Part("recorded-rows", 2_000_000, 1_000_000, 3_200_000),
            Part("pure-c", 6_000_000, 3_000_000, 6_400_000));
        var ratios = report.Ratios.ToDictionary(r => r.What);
        // pure-C / lockstep by round: 6, 6, 8; the ratio of the medians (6.0M / 0.8M = 7.5) would not be any round's.
        var pure = ratios["pure-C replay against lockstep (how many times faster)"];
        Assert.That(pure.Median, Is.EqualTo(6).Within(1e-9));
        Assert.That(pure.Best, Is.EqualTo(6.4).Within(1e-9), "6.4M against 1.0M");
        // The middle half of 6, 6, 8: from a quarter of the way (6) to three quarters (halfway from 6 to 8).
        Assert.That((pure.Low, pure.High), Is.EqualTo((6.0, 7.0)));
        // lockstep / recording by round: 2.5, 2.5, 2 (the medians' ratio: 2).
        var recording = ratios["lockstep against lockstep recording as `run` does"];
        Assert.That(recording.Median, Is.EqualTo(2.5).Within(1e-9));
        Assert.That(recording.Best, Is.EqualTo(2.5).Within(1e-9));
        Assert.That((recording.Low, recording.High), Is.EqualTo((2.25, 2.5)), "2, 2.5, 2.5");
        // A lockstep step against a pure-C step plus a model step, in microseconds by round:
        // 1 / (1/6 + 1/3) = 2; 2 / (1/3 + 1/3) = 3; 1.25 / (1/6.4 + 1/3) = 2.553...
        var sides = ratios["lockstep against its two sides alone, the pure-C replay then the model"];
        Assert.That(sides.Median, Is.EqualTo(1.25 / (1 / 6.4 + 1 / 3.0)).Within(1e-9));
        Assert.That(sides.Best, Is.EqualTo(1 / (1 / 6.4 + 1 / 3.0)).Within(1e-9));
        // The C step and snapshot, then the model's step, against the C step and snapshot alone, by
        // round: 1 + 6/12 = 1.5; 1 + 3/6 = 1.5; 1 + 6.4/8 = 1.8. Best: 1 + 6.4/12.
        var least = ratios["the least pure-C replay against lockstep can be: the pure-C replay, then the model's steps alone"];
        Assert.That(least.Median, Is.EqualTo(1.5).Within(1e-9));
        Assert.That(least.Best, Is.EqualTo(1 + 6.4 / 12).Within(1e-9));
        Assert.That((least.Low, least.High), Is.EqualTo((1.5, 1.65)), "1.5, 1.5, 1.8");
        // The lockstep, then its rows alone, against the lockstep, by round: 1 + 1/2 = 1.5,
        // 1 + 0.5/1 = 1.5, 1 + 0.8/3.2 = 1.25. Best: 1 + 1/3.2.
        var leastRecording = ratios["the least lockstep against lockstep recording can be: the lockstep, then its rows alone"];
        Assert.That(leastRecording.Median, Is.EqualTo(1.5).Within(1e-9));
        Assert.That(leastRecording.Best, Is.EqualTo(1 + 1 / 3.2).Within(1e-9));
        Assert.That((leastRecording.Low, leastRecording.High), Is.EqualTo((1.375, 1.5)), "1.25, 1.5, 1.5");
        Assert.That(ratios, Has.Count.EqualTo(5));
    }

    // Each part's median over its best round: model 3 rounds of 2M, 1M, 3M (median 2M, best 3M: 0.667);
    // reference 4M, 4M, 2M (1); lockstep 1M, 0.8M, 0.9M (0.9). The median over the parts is 0.9.
    [Test]
    public void TheRoundsSteadinessIsTheMedianOverThePartsOfMedianAgainstBestAndBelowSteadyEnoughItWarns()
    {
        var report = Report(
            Part("model", 2_000_000, 1_000_000, 3_000_000),
            Part("reference", 4_000_000, 4_000_000, 2_000_000),
            Part("lockstep", 1_000_000, 800_000, 900_000)) with { LoadAverage = 1.5, Cores = 2 };
        Assert.That(report.Steadiness, Is.EqualTo(0.9).Within(1e-12));
        Assert.That(report.SteadinessNote(),
            Is.EqualTo("Rounds: a part's median is 0.90 of its best round (the median over the parts); load average 1.50 when they ended on 2 CPUs."));
        // As steady, but more tasks wanted a CPU than there were: every round may have been slowed alike.
        Assert.That((report with { LoadAverage = 2.5 }).SteadinessNote(), Does.Contain("The machine was busy"));

        // The lockstep's rounds disturbed too: 1M, 0.5M, 0.6M (0.6); the median over the parts is 0.667.
        var busy = report with { Results = [report.Results[0], report.Results[1], Part("lockstep", 1_000_000, 500_000, 600_000)], LoadAverage = null, Cores = null };
        Assert.That(busy.Steadiness, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(busy.SteadinessNote(), Does.StartWith("Rounds: a part's median is 0.67 of its best round (the median over the parts).")
            .And.Contain("The machine was busy"));
    }

    [Test]
    public void TheLoadAverageIsTheFirstFieldOfProcLoadavgAndNothingWhereThereIsNone()
    {
        var file = Path.Combine(TempDir, "loadavg");
        File.WriteAllText(file, "1.95 2.25 2.21 3/412 123456\n");
        Assert.That(Conformance.Bench.LoadAverage.Now(file), Is.EqualTo(1.95));
        File.WriteAllText(file, "busy\n");
        Assert.That(Conformance.Bench.LoadAverage.Now(file), Is.Null);
        Assert.That(Conformance.Bench.LoadAverage.Now(Path.Combine(TempDir, "none")), Is.Null);
    }

    [Test]
    public void AStepsTimeIsSharedOutBySubtractingPartsOfTheSameRound()
    {
        var report = Report(
            Part("model", 3_000_000, 3_000_000, 3_000_000),             // 333.3 ns a step in every round
            Part("model-steps", 12_000_000, 6_000_000, 8_000_000),     // 83.3, 166.7, 125
            Part("reference", 2_000_000, 1_000_000, 2_000_000),        // 500, 1000, 500
            Part("lockstep-observing", 1_100_000, 800_000, 1_100_000), // 909.1, 1250, 909.1
            Part("lockstep", 1_000_000, 500_000, 800_000),              // 1000, 2000, 1250
            Part("lockstep-unchecked", 1_000_000, 625_000, 1_000_000), // 1000, 1600, 1000
            Part("lockstep-recording", 400_000, 200_000, 400_000),     // 2500, 5000, 2500
            Part("lockstep-columns", 500_000, 400_000, 625_000),       // 2000, 2500, 1600
            Part("recorded-rows", 2_000_000, 1_000_000, 4_000_000),    // 500, 1000, 250
            Part("pure-c", 6_000_000, 3_000_000, 6_400_000));          // 166.7, 333.3, 156.25
        var shares = report.StepTime.ToDictionary(s => s.What, s => s.Nanoseconds);
        Assert.That(shares.Keys, Has.Count.EqualTo(12));
        Assert.That(shares["the C step and its snapshot, in C (the pure-C replay)"], Is.EqualTo(1e9 / 6_000_000).Within(1e-6));
        // 500 - 166.7, 1000 - 333.3, 500 - 156.25: the median is the third round's.
        Assert.That(shares["the C side's observation through P/Invoke (the snapshot read into .NET)"], Is.EqualTo(343.75).Within(1e-6));
        Assert.That(shares["the model's step"], Is.EqualTo(125).Within(1e-6));
        // 333.3 - 83.3 = 250, 333.3 - 166.7 = 166.7, 333.3 - 125 = 208.3.
        Assert.That(shares["the model's snapshot"], Is.EqualTo(1e9 / 3_000_000 - 125).Within(1e-6));
        // Both sides in one loop, less each alone: 909.1 - 500 - 333.3 = 75.8, 1250 - 1000 - 333.3 = -83.3, 75.8 again.
        Assert.That(shares["the two sides in one loop (what each costs the other's caches)"],
            Is.EqualTo(1e9 / 1_100_000 - 500 - 1e9 / 3_000_000).Within(1e-6));
        // The lockstep without the invariants, less that: 1000 - 909.1 = 90.9, 1600 - 1250 = 350, 90.9 again.
        Assert.That(shares["comparison and findings"], Is.EqualTo(1000 - 1e9 / 1_100_000).Within(1e-6));
        // 1000 - 1000 = 0, 2000 - 1600 = 400, 1250 - 1000 = 250.
        Assert.That(shares["the invariants"], Is.EqualTo(250).Within(1e-6));
        Assert.That(shares["a lockstep step"], Is.EqualTo(1250).Within(1e-6));
        // 2500 - 1000, 5000 - 2000, 2500 - 1250.
        Assert.That(shares["recording it, as `run` does"], Is.EqualTo(1500).Within(1e-6));
        // The columns made in the loop, less the lockstep: 2000 - 1000, 2500 - 2000, 1600 - 1250.
        Assert.That(shares["of which making its columns (in the loop, written nowhere)"], Is.EqualTo(500).Within(1e-6));
        // The recording less that: 2500 - 2000, 5000 - 2500, 2500 - 1600.
        Assert.That(shares["of which writing its row (in the loop: the rest)"], Is.EqualTo(900).Within(1e-6));
        Assert.That(shares["writing the rows alone, out of the loop (made beforehand)"], Is.EqualTo(500).Within(1e-6));

        // A bench of the model alone (no patch) says nothing of the C side's shares.
        var modelOnly = report with { Results = report.Results.Where(r => r.Key.StartsWith("model", StringComparison.Ordinal)).ToList() };
        Assert.That(modelOnly.StepTime.Select(s => s.What), Is.EqualTo(new[] { "the model's step", "the model's snapshot" }));
    }

    // The rows part is the recording's floor only if it writes what the recording writes: the
    // same bytes, for a pass over the same steps (every step of this workload's rows is recorded).
    // The columns part runs every step and writes no row into its log, opened as the recording's
    // is: what it costs beyond the lockstep is making the columns.
    [Test]
    public void TheRecordedRowsAloneAreTheRowsRecordingWritesAndTheColumnsPartWritesNone()
    {
        var profile = Conformance.Observation.ResourceProfile.Default;
        var scenario = Conformance.Bench.BenchRunner.Workload(16, 2, profile);
        Conformance.Lockstep.IMpamSide Model() => Conformance.Model.ModelFamilies.Seed.Create(profile, default);
        var recording = Directory.CreateDirectory(Path.Combine(TempDir, "recording")).FullName;
        var rowsAlone = Directory.CreateDirectory(Path.Combine(TempDir, "rows")).FullName;
        var recorded = Conformance.Bench.BenchRunner.Lockstep("r", "r", Model(), Model(), scenario, recording);
        var rows = Conformance.Bench.BenchRunner.RecordedRows("w", "w", Model(), Model(), scenario, rowsAlone);

        Assert.That((recorded.Pass(), rows.Pass()), Is.EqualTo((scenario.Steps.Count, scenario.Steps.Count)));
        var written = File.ReadAllBytes(Conformance.Results.StepLog.PathOf(rowsAlone, 0));
        Assert.That(written, Is.EqualTo(File.ReadAllBytes(Conformance.Results.StepLog.PathOf(recording, 0))));
        Assert.That(Conformance.Results.StepLog.Read(Conformance.Results.StepLog.PathOf(rowsAlone, 0)).Count(), Is.EqualTo(scenario.Steps.Count));
        rows.Pass();
        Assert.That(File.ReadAllBytes(Conformance.Results.StepLog.PathOf(rowsAlone, 0)), Is.EqualTo(written), "a pass writes its rows anew");

        var columns = Directory.CreateDirectory(Path.Combine(TempDir, "columns")).FullName;
        var columnsOnly = Conformance.Bench.BenchRunner.Lockstep("c", "c", Model(), Model(), scenario, columns, writeRows: false);
        Assert.That(columnsOnly.Pass(), Is.EqualTo(scenario.Steps.Count));
        Assert.That(new FileInfo(Conformance.Results.StepLog.PathOf(columns, 0)).Length, Is.Zero);
        Assert.That(new Conformance.Lockstep.LockstepOptions().WriteRows, Is.True, "a run writes its rows");
    }

    // The bench's model steps alone end each step without a fill: a fill after such steps, into
    // the snapshot filled before them, shows what they changed (every third step filled here,
    // against a model filled at every step).
    [Test]
    public void AFillAfterStepsNobodyObservedShowsWhatTheyChanged()
    {
        var profile = Conformance.Observation.ResourceProfile.Default;
        var scenario = Conformance.Bench.BenchRunner.Workload(16, 2, profile);
        var model = (Conformance.Model.ModelSide)Conformance.Model.ModelFamilies.Seed.Create(profile, default);
        var everyStep = Conformance.Model.ModelFamilies.Seed.Create(profile, default);
        var kept = new Conformance.Observation.StateSnapshot(profile);
        var witness = new Conformance.Observation.StateSnapshot(profile);
        model.Reset();
        everyStep.Reset();
        int compared = 0;
        for (int i = 0; i < scenario.Steps.Count; i++)
        {
            Conformance.Lockstep.StepDispatch.Apply(model, scenario.Steps[i]);
            Conformance.Lockstep.StepDispatch.Apply(everyStep, scenario.Steps[i]);
            everyStep.Fill(witness);
            if (i % 3 != 2)
            {
                model.EndStepUnobserved();
                continue;
            }
            model.Fill(kept);
            compared++;
            Assert.That(kept.SameAs(witness, false), Is.True, $"step {i}: {string.Join("; ", kept.Diff(witness))}");
        }
        Assert.That(compared, Is.EqualTo(scenario.Steps.Count / 3));
    }

    // A step that changes no list costs what it changed: a model's fill of such a step allocates
    // nothing once a first pass has grown the buffers (bytes counted, not time).
    [TestCase("seed", "")]
    [TestCase("mainline", "mainline-fb481ec0")]
    public void ASteadyStepsFillAllocatesNothing(string familyName, string revision)
    {
        var profile = revision.Length == 0 ? Conformance.Observation.ResourceProfile.Default
            : Conformance.Model.RevisionFacts.Of(Path.Combine(RepoPaths.Shared, "revisions", revision)).Profile(Conformance.Observation.ResourceProfile.Default);
        var scenario = Conformance.Bench.BenchRunner.Workload(256, 2, profile, steady: true);
        var model = Conformance.Model.ModelFamilies.ByName(familyName)!.Create(profile, default);
        var snapshot = new Conformance.Observation.StateSnapshot(profile);
        long allocated = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            model.Reset();
            for (int i = 0; i < scenario.Steps.Count; i++)
            {
                Conformance.Lockstep.StepDispatch.Apply(model, scenario.Steps[i]);
                long before = GC.GetAllocatedBytesForCurrentThread();
                model.Fill(snapshot);
                if (pass == 1 && i >= scenario.Steps.Count / 2)      // inside the rounds: no list changes
                    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void AResultIsComparedOnlyWithOneOfTheSameFamily()
    {
        Conformance.Bench.BenchReport Report(string? family, int second) =>
            new(DateTimeOffset.UnixEpoch.AddSeconds(second), "bench", null, 64, 6421, null, 1, 1,
                [new("lockstep", "lockstep", [new(100, TimeSpan.FromSeconds(1), 0)])]) { Family = family };
        var older = Report("seed", 1).Save(TempDir);
        var mainline = Report("mainline", 2).Save(TempDir);
        Report(null, 3).Save(TempDir);                              // kept before families were recorded
        Assert.That(Report("mainline", 4).Last(TempDir)?.Path, Is.EqualTo(mainline));
        Assert.That(Report("seed", 4).Last(TempDir)?.Path, Is.EqualTo(older));
        Assert.That(Report("caches-cdp", 4).Last(TempDir), Is.Null, "the same workload, but another family's code");
    }
}
