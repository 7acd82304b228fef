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
        WriteVectors("""
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
    public void Remove()
    {
        Directory.Delete(_dir, recursive: true);
        _runs.ForEach(r => r.DiscardStepLog());                     // as the reports do once written: a log may be in memory
        _runs.Clear();
    }

    private readonly List<RunResult> _runs = [];

    // Two scenarios the crashing library runs through.
    private const string TwoThatPass = """
        scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
        one,topology,cpus=8,,,,,
        one,online,cpus=0-2,0,,,,
        two,topology,cpus=8,,,,,
        two,online,cpu=1,0,,,,
        two,offline,cpu=1,0,,,,
        """;

    // The run's one vector file, replaced.
    private void WriteVectors(string csv) => File.WriteAllText(Path.Combine(_dir, "vectors", "seed", "dying.csv"), csv);

    private RunResult Run(WorkerPool? pool = null, int workers = 2)
    {
        var run = new RunPipeline(WorkerLaunch.ThisAssembly(), pool).Run(Request(workers));
        _runs.Add(run);
        return run;
    }

    private RunRequest Request(int workers) => new(
        Path.Combine(_dir, "crashing.so"), new RunSubject("crashing", [], "patch", "crashing.so", []),
        _dir, [], [], KeepGoing: false, StepTimeout: TimeSpan.FromSeconds(3), Workers: workers);

    private static readonly (string, ScenarioOutcome)[] Outcomes =
    [
        ("before", ScenarioOutcome.Conforms),
        ("segfaults", ScenarioOutcome.Crashed),
        ("after", ScenarioOutcome.Conforms),
        ("hangs", ScenarioOutcome.TimedOut),
        ("last", ScenarioOutcome.Conforms),
    ];

    [Test]
    public void ACrashOrAHangFailsOneScenarioAtItsStepAndTheRunGoesOn()
    {
        var run = Run();
        Assert.That(run.Scenarios.Select(s => (s.Name, s.Outcome)), Is.EqualTo(Outcomes));
        var crash = run.Scenarios[1].FirstFailure!;
        Assert.That((crash.Step, crash.Line), Is.EqualTo((2, 6)));
        Assert.That(crash.Message, Does.Contain("signal 11 (SIGSEGV)").And.Contain("`online cpu=3`"));
        Assert.That(crash.Details, Has.Some.Contains("step 1 (line 5): online cpu=1"), "the steps that led there");
        Assert.That(crash.Details[^1], Is.EqualTo("the 2 step(s) before it, run again: Conforms, 0 finding(s)"));
        var hang = run.Scenarios[3].FirstFailure!;
        Assert.That((hang.Step, hang.Line), Is.EqualTo((1, 11)));
        Assert.That(hang.Message, Does.Contain("no progress for 3 s").And.Contain("`online cpu=4`"));
        Assert.That(hang.Details[^1], Is.EqualTo("the 1 step(s) before it, run again: Conforms, 0 finding(s)"));
    }

    /// <summary>
    /// A mutant's run stops at the first scenario that fails: the scenarios after it are not run,
    /// and the one a worker died in is told as it died (the steps before the death not run again,
    /// no worker started for the rest). One worker, so the first failure in suite order.
    /// </summary>
    [Test]
    public void ARunAskedToStopAtTheFirstFailureEndsWithTheScenarioAWorkerDiedIn()
    {
        using var pool = new WorkerPool(WorkerLaunch.ThisAssembly());
        var run = new RunPipeline(WorkerLaunch.ThisAssembly(), pool).Run(Request(workers: 1) with { StopAtFirstFailure = true });
        _runs.Add(run);
        Assert.That(run.Scenarios.Select(s => (s.Name, s.Outcome)), Is.EqualTo(Outcomes.Take(2)));
        var crash = run.Scenarios[1].FirstFailure!;
        Assert.That((crash.Step, crash.Line), Is.EqualTo((2, 6)), "where it died, as a whole run says");
        Assert.That(crash.Details, Has.None.Contains("run again"));
        Assert.That(pool.Started, Is.EqualTo(1), "the worker that died, and none after it");
    }

    [Test]
    public void ARunAskedToStopAtTheFirstFailureEndsWithTheFirstScenarioThatDiverges()
    {
        // A golden expectation the library does not meet fails "two"; "three" is never run.
        WriteVectors(TwoThatPass.Replace("two,offline,cpu=1,0,,,,", "two,offline,cpu=1,-22,,,,") + "\nthree,topology,cpus=8,,,,,\n");
        using var pool = new WorkerPool(WorkerLaunch.ThisAssembly());
        var run = new RunPipeline(WorkerLaunch.ThisAssembly(), pool).Run(Request(workers: 1) with { StopAtFirstFailure = true });
        _runs.Add(run);
        Assert.That(run.Scenarios.Select(s => (s.Name, s.Outcome)), Is.EqualTo(new[] { ("one", ScenarioOutcome.Conforms), ("two", ScenarioOutcome.ExpectationFailed) }));
        Assert.That(pool.Idle, Has.Count.EqualTo(1), "the worker finished its job and went back to the pool");
        var whole = new RunPipeline(WorkerLaunch.ThisAssembly(), pool).Run(Request(workers: 1));
        _runs.Add(whole);
        Assert.That(whole.Scenarios.Select(s => s.Name), Is.EqualTo(new[] { "one", "two", "three" }), "without being asked, every scenario runs");
        Assert.That(whole.Scenarios[1].FirstFailure!.Message, Is.EqualTo(run.Scenarios[1].FirstFailure!.Message));
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
        // Each scenario's rows come from its span of its job's step log. A worker flushes a scenario's
        // rows when it finishes it, so the two it died in left none of their own: their rows are
        // those of the steps before the death, run again (segfaults' 2, hangs' 1); the rows of the
        // scenarios before them in the same log are not read again as theirs.
        var scenarios = File.ReadAllLines(Path.Combine(folder, "steps.csv")).Skip(1).Select(l => l.Split(',')[1]);
        Assert.That(scenarios, Is.EqualTo(new[] { "before", "before", "segfaults", "segfaults", "after", "after", "after", "after", "hangs", "last" }));
        Assert.That(run.Scenarios.Select(s => s.StepsRecorded), Is.EqualTo(new int?[] { 2, 2, 4, 1, 1 }));
    }

    /// <summary>
    /// Two workers share the 11 steps: [before, segfaults] (6) and [after, hangs, last] (5). In the
    /// first run the first worker dies in segfaults and a third runs its steps before the crash
    /// again; the second is killed in hangs (3 s later), and the third, given back, runs the steps
    /// before the hang and then last, and is kept: 3 started. The second run takes the kept one and
    /// starts one more; both die as before, and one more runs what came before each death and last:
    /// 5 in all, where runs without a pool start 3 each.
    /// </summary>
    [Test]
    public void APoolKeepsWorkersThatFinishedForTheNextRunAndNeverOneThatDied()
    {
        var pool = new WorkerPool(WorkerLaunch.ThisAssembly());
        RunResult first, second;
        string root;
        using (pool)
        {
            first = Run(pool);
            Assert.That(pool.Started, Is.EqualTo(3), "the first run's workers");
            second = Run(pool);
            Assert.That(pool.Started, Is.EqualTo(5), "the kept worker served the second run; the dead ones were replaced");
            root = pool.Root;
        }
        Assert.That(first.Scenarios.Select(s => (s.Name, s.Outcome)), Is.EqualTo(Outcomes));
        Assert.That(second.Scenarios.Select(s => (s.Name, s.Outcome)), Is.EqualTo(Outcomes));
        Assert.That((second.Scenarios[1].FirstFailure!.Step, second.Scenarios[3].FirstFailure!.Step), Is.EqualTo((2, 1)),
            "a reused worker reports the step it died at as a new one does");
        Assert.That(Directory.Exists(root), Is.False, "the pool's folder goes with it");
    }

    [Test]
    public void RunsInAPoolReportWhatRunsOfTheirOwnDo()
    {
        WriteVectors(TwoThatPass);
        var alone = Run();
        // One worker a run: a second would show as a second start.
        using var pool = new WorkerPool(WorkerLaunch.ThisAssembly());
        var runs = Enumerable.Range(0, 3).Select(_ => Run(pool, workers: 1)).ToList();
        Assert.That(pool.Started, Is.EqualTo(1), "started once, kept across the runs");
        foreach (var pooled in runs)
            Assert.That(pooled.Scenarios.Select(Summary), Is.EqualTo(alone.Scenarios.Select(Summary)));

        // The kept worker killed while it waits: the next run's job goes to a new one.
        var killed = pool.Idle[0].Process;
        killed.Kill(entireProcessTree: true);
        killed.WaitForExit();
        Assert.That(Run(pool, workers: 1).Scenarios.Select(Summary), Is.EqualTo(alone.Scenarios.Select(Summary)));
        Assert.That(pool.Started, Is.EqualTo(2), "one new worker for the one that was killed");
        static string Summary(ScenarioResult s) =>
            $"{s.Name} {s.Outcome} {s.StepsRun} {string.Join("|", s.Steps.Select(st => $"{st.Op} {st.Reference.Domains} {st.Reference.Events} {st.Reference.Counters}"))}";
    }

    [Test]
    public void EveryWorkerOfARunSeesItsVectorFoldersSoTwoRangesInTwoFoldersStartTwoWorkers()
    {
        // One scenario in each of two folders: each of the two ranges has the files of one.
        File.Delete(Path.Combine(_dir, "vectors", "seed", "dying.csv"));
        foreach (var (folder, scenario) in new[] { ("a", "one,topology,cpus=8,,,,,\none,online,cpus=0-2,0,,,,"), ("b", "two,topology,cpus=8,,,,,\ntwo,online,cpu=1,0,,,,") })
        {
            Directory.CreateDirectory(Path.Combine(_dir, "vectors", "seed", folder));
            File.WriteAllText(Path.Combine(_dir, "vectors", "seed", folder, $"{folder}.csv"),
                $"scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note\n{scenario}\n");
        }
        using var pool = new WorkerPool(WorkerLaunch.ThisAssembly());
        var run = Run(pool, workers: 2);
        Assert.That(run.Scenarios.Select(s => (s.Name, s.Outcome)), Is.EqualTo(new[] { ("one", ScenarioOutcome.Conforms), ("two", ScenarioOutcome.Conforms) }));
        Assert.That(pool.Started, Is.EqualTo(2), "the two started as the library was described, and each took a range");
    }

    [Test]
    public void PrestartingStartsWorkersUntilSoManyWaitAndNoMore()
    {
        using var pool = new WorkerPool(WorkerLaunch.ThisAssembly());
        var library = Path.Combine(_dir, "crashing.so");
        string[] readable = [Path.Combine(_dir, "vectors", "seed")];
        pool.Prestart(library, readable, pool.Roots, 2);
        Assert.That((pool.Started, pool.Idle.Count), Is.EqualTo((2, 2)));
        pool.Prestart(library, readable, pool.Roots, 2);
        Assert.That(pool.Started, Is.EqualTo(2), "two wait already");
        pool.Prestart(library, readable, pool.Roots, 3);
        Assert.That((pool.Started, pool.Idle.Count), Is.EqualTo((3, 3)));
        pool.Prestart(library, [.. readable, _dir], pool.Roots, 1);
        Assert.That(pool.Started, Is.EqualTo(4), "another sandbox, another worker");
        Assert.That(pool.Idle.All(w => !w.Process.HasExited), Is.True, "each waits for a job");
    }

    [Test]
    public void WorkersForShortScenariosRunWithoutTieredPgoAndARunsWorkersWithIt()
    {
        Assert.That(WorkerLaunch.ThisAssembly(shortScenarios: true).EnvironmentFor("/usr/lib/dotnet/dotnet")["DOTNET_TieredPGO"], Is.EqualTo("0"));
        Assert.That(WorkerLaunch.ThisAssembly().EnvironmentFor("/usr/lib/dotnet/dotnet")["DOTNET_TieredPGO"], Is.EqualTo("1"));
        Assert.That(WorkerLaunch.ThisAssembly().EnvironmentFor("/usr/lib/dotnet/dotnet")["DOTNET_ROOT"], Is.EqualTo("/usr/lib/dotnet"));
    }

    [Test]
    public void EveryProcessOfTheToolCompilesAgainOnlyWhatIsCalledThousandsOfTimesAndNoWorkerIsToldOtherwise()
    {
        // The runtime configuration the workers start with: the one beside the tool's assembly.
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(
            Path.ChangeExtension(typeof(WorkerLaunch).Assembly.Location, ".runtimeconfig.json")))!["runtimeOptions"]!["configProperties"]!;
        Assert.That((config["System.Runtime.TieredCompilation.CallCountThreshold"]?.ToString(), config["System.Runtime.TieredCompilation.CallCountingDelayMs"]?.ToString()),
            Is.EqualTo(("5000", "0")));
        foreach (var launch in new[] { WorkerLaunch.ThisAssembly(shortScenarios: true), WorkerLaunch.ThisAssembly() })
            Assert.That(launch.EnvironmentFor("/usr/lib/dotnet/dotnet").Keys.Where(k => k.StartsWith("DOTNET_TC_", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void AWorkerKeepsTieredPgoOnlyForAShareOfMillionsOfSteps()
    {
        var shortRun = WorkerLaunch.ThisAssembly(shortScenarios: true);
        Assert.That(shortRun.For(WorkerLaunch.PgoSteps - 1), Is.SameAs(shortRun), "short stays short, the same launch");
        Assert.That(shortRun.For(WorkerLaunch.PgoSteps).ShortScenarios, Is.False);
        Assert.That(WorkerLaunch.ThisAssembly().For(WorkerLaunch.PgoSteps - 1).ShortScenarios, Is.True);
    }

    [Test]
    public void AWorkersShareIsTheLargestOfTheRangesTheScenariosAreCutInto()
    {
        // Scenarios of 10, 10 and 1000 steps: two workers take 10+10 and 1000; one takes 1020; the
        // first two alone (a shard's window) are 10 each.
        var outlines = new[] { 10, 10, 1000 }.Select((n, i) => new ScenarioOutline($"s{i}", "a.csv", i,
            Enumerable.Repeat(new StepOutline(2, "online", "cpu=0"), n).ToList())).ToList();
        Assert.That(WorkerSupervisor.StepsPerWorker(outlines, (0, 3), workers: 2), Is.EqualTo(1000));
        Assert.That(WorkerSupervisor.StepsPerWorker(outlines, (0, 3), workers: 1), Is.EqualTo(1020));
        Assert.That(WorkerSupervisor.StepsPerWorker(outlines, (0, 2), workers: 2), Is.EqualTo(10));
        Assert.That(WorkerSupervisor.StepsPerWorker(outlines, (3, 3), workers: 2), Is.EqualTo(0));
    }

    /// <summary>
    /// A run on a pool (a review's, explore's) writes its step log under the pool's folder in
    /// memory when the machine has one with room, else under the pool's root; the folder not
    /// chosen is gone once it ran, and the pool removes both roots.
    /// </summary>
    [Test]
    public void ARunOnAPoolWritesItsStepLogInThePoolsMemoryFolderWhenThereIsRoom()
    {
        WriteVectors(TwoThatPass);
        var memory = StepLogPlace.Memory();
        string? memoryRoot;
        using (var pool = new WorkerPool(WorkerLaunch.ThisAssembly()))
        {
            var run = Run(pool);
            memoryRoot = pool.MemoryRoot;
            Assert.That(memoryRoot is null, Is.EqualTo(StepLogPlace.MemoryPath.Value is null), "a memory folder wherever the machine has one");
            var expected = StepLogPlace.Fits(1 << 20, memory) ? memoryRoot! : pool.Root;
            Assert.That(Path.GetDirectoryName(run.StepLogDirectory), Is.EqualTo(expected));
            Assert.That(run.StepsOf(0).Count() + run.StepsOf(1).Count(), Is.EqualTo(4 + 3), "every step of both scenarios, read from the log");
            Assert.That(pool.Roots.SelectMany(root => Directory.GetDirectories(root, "steps-*")), Is.EqualTo(new[] { run.StepLogDirectory }));
        }
        Assert.That(memoryRoot is null || !Directory.Exists(memoryRoot), Is.True, "removed with the pool");
    }

    /// <summary>
    /// A run of its own writes its step log in memory when the machine has a tmpfs with room (its
    /// few rows do), else in the temp folder, and the folder it did not choose is gone once it
    /// ran; the reports' discard removes the chosen one.
    /// </summary>
    [Test]
    public void ARunWritesItsStepLogInMemoryWhenThereIsRoomAndLeavesNoOtherFolder()
    {
        WriteVectors(TwoThatPass);
        var memory = StepLogPlace.Memory();
        var before = StepFolders().ToList();                        // other tests' runs in this process, not discarded
        var run = Run();
        // Its seven steps of eight CPUs are estimated at kilobytes: they fit wherever a mebibyte does.
        var expected = StepLogPlace.Fits(1 << 20, memory) ? memory!.Path : Path.GetTempPath();
        Assert.That(Path.GetDirectoryName(run.StepLogDirectory), Is.EqualTo(Path.TrimEndingDirectorySeparator(expected)));
        // one: topology and three onlines; two: topology, online, offline.
        Assert.That(run.StepsOf(0).Count() + run.StepsOf(1).Count(), Is.EqualTo(4 + 3), "every step of both scenarios, read from the log");
        Assert.That(StepFolders().Except(before), Is.EqualTo(new[] { run.StepLogDirectory }));
        run.DiscardStepLog();
        Assert.That(StepFolders().Except(before), Is.Empty);

        static IEnumerable<string> StepFolders() =>
            new[] { Path.GetTempPath(), StepLogPlace.MemoryPath.Value }.OfType<string>()
                .SelectMany(root => Directory.EnumerateDirectories(root, $"{WorkerSupervisor.ScratchPrefix}{Environment.ProcessId}-steps*"));
    }

    [Test]
    public void ARelaunchedPoolLetsItsIdleWorkersGoAndStartsTheNextTheNewWay()
    {
        WriteVectors(TwoThatPass);
        using var pool = new WorkerPool(WorkerLaunch.ThisAssembly(shortScenarios: true));
        Run(pool, workers: 1);
        int idle = pool.Idle.Single().Process.Id;
        pool.Relaunch(pool.Launch.For(1));
        Assert.That(pool.Idle, Has.Count.EqualTo(1), "the same launch: the worker is kept");
        pool.Relaunch(pool.Launch.For(WorkerLaunch.PgoSteps));
        Assert.That((pool.Idle.Count, pool.Launch.ShortScenarios), Is.EqualTo((0, false)));
        var clock = Stopwatch.StartNew();
        while (Conformance.FileSystem.UnixFile.ProcessAlive(idle) && clock.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Sleep(20);
        Assert.That(Conformance.FileSystem.UnixFile.ProcessAlive(idle), Is.False, "the worker started the other way is gone");
        int started = pool.Started;
        Run(pool, workers: 1);
        Assert.That(pool.Started, Is.EqualTo(started + 1), "a new worker");
        Assert.That(WorkerEnvironment(pool.Idle.Single().Process.Id), Does.Contain("DOTNET_TieredPGO=1"), "started with tiered PGO");
    }

    // The environment of the runtime inside a worker's sandbox: the process under bubblewrap's (not bubblewrap itself) that runs `conformance.dll worker`.
    private static string[] WorkerEnvironment(int sandboxPid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out int pid))
                try { parents[pid] = int.Parse(File.ReadAllText(Path.Combine(dir, "stat")).Split(") ")[1].Split(' ')[1]); }
                catch (IOException) { }                             // gone while listed
        bool Under(int pid) => pid == sandboxPid || (parents.TryGetValue(pid, out int parent) && parent > 1 && Under(parent));
        var worker = parents.Keys.Single(pid => pid != sandboxPid && Under(pid) && File.ReadAllText($"/proc/{pid}/cmdline").Split('\0') is var argv
            && Path.GetFileName(argv[0]) != "bwrap" && argv.Contains("worker"));
        return File.ReadAllText($"/proc/{worker}/environ").Split('\0');
    }
}
