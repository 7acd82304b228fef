using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Conformance.Bench;
using Conformance.Interop;
using Conformance.Intake;
using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.ReferenceBuild;
using Conformance.Results;
using Spectre.Console;

namespace Conformance.Cli;

/// <summary>
/// `conformance bench`: how fast the lockstep runs against the pure-C replay of the same steps,
/// measured (never asserted in a test). Every part is time-based and measured in interleaved
/// rounds, pinned to one core where the OS allows; the median and the best round are reported,
/// and the results are kept as JSON beside the earlier ones and compared with the last.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var cpus = new Option<int>("--cpus") { Description = "CPUs in the built-in workload's topology", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int?>("--rounds") { Description = "online-all/offline-all rounds in the built-in workload (default: 4096/cpus, at most 50; at least 10 with --steady)" };
        var workload = new Option<string?>("--workload") { Description = "a vector file whose first scenario is the workload instead" };
        var steady = new Option<bool>("--steady")
        {
            Description = "the built-in workload with the first CPU of each component kept online: no step after the first rows allocates, frees or changes a list",
        };
        // Many short rounds rather than a few long ones: this VM's speed drifts by 2x over seconds,
        // and a ratio taken over parts measured a fifth of a second apart cancels the drift
        // (pure-C/lockstep over three runs: 4.1-4.7x at 5 rounds of 1 s, 4.2-4.6x at 25 of 0.2 s).
        var seconds = new Option<double>("--seconds") { Description = "how long each part runs in each round, at least", DefaultValueFactory = _ => 0.2 };
        var repeats = new Option<int>("--repeats") { Description = "interleaved rounds of every part", DefaultValueFactory = _ => 25 };
        var results = new Option<string?>("--results") { Description = "the folder the results are kept in, one JSON file a run (default: reports/bench/)" };
        var model = new Option<string?>("--model") { Description = ModelFamilyChoice.Description };
        var only = new Option<string?>("--parts")
        {
            Description = $"measure only these parts, comma-separated ({string.Join(", ", PartKeys)}); the ratios and shares whose parts all ran are given",
        };
        var patch = new PatchOptions();
        var command = new Command("bench",
            "Measure the model alone, the C reference alone, the lockstep without and with step recording (and making the recorded columns without writing them) and without the invariants, the recorded rows alone, and the pure-C replay, over one workload.")
        {
            cpus, rounds, workload, steady, seconds, repeats, results, model, only,
        };
        patch.AddTo(command);
        var output = new OutputOptions(ktap: false);
        output.AddTo(command);
        command.SetAction(parsed =>
        {
            var document = output.Apply(parsed);
            if (parsed.GetValue(cpus) is < 1 or > MpamTopology.MaxCpus)
                throw new UsageException($"--cpus {parsed.GetValue(cpus)}: expected between 1 and {MpamTopology.MaxCpus}");
            if (parsed.GetValue(rounds) is < 1)
                throw new UsageException($"--rounds {parsed.GetValue(rounds)}: expected at least 1");
            if (!double.IsFinite(parsed.GetValue(seconds)) || parsed.GetValue(seconds) <= 0)
                throw new UsageException($"--seconds {parsed.GetValue(seconds)}: expected a positive number of seconds");
            if (parsed.GetValue(repeats) < 1)
                throw new UsageException($"--repeats {parsed.GetValue(repeats)}: expected at least 1");
            var chosen = ChosenParts(parsed.GetValue(only));
            var workloadFile = parsed.GetValue(workload);
            if (parsed.GetValue(steady) && workloadFile is not null)
                throw new UsageException("--steady shapes the built-in workload: it does not go with --workload");
            if (parsed.GetValue(steady) && parsed.GetValue(cpus) < 2)
                throw new UsageException("--steady keeps one CPU of each component online and moves the others: expected --cpus 2 or more");
            if (workloadFile is not null && !File.Exists(workloadFile))
                throw new IntakeException(workloadFile, 0, "a vector file (the workload), but there is none");
            var named = ModelFamilyChoice.Named(parsed.GetValue(model));
            // The bench measures the model alone when no patch is named anywhere.
            BuiltReference? built = null;
            if (patch.Given(parsed) || PatchSource.Choose(null, null) is not null)
                built = ReferenceBuilder.Build(patch.SourceOf(parsed), patch.FixesOf(parsed), Flavor.Release);
            var settings = new BenchSettings(parsed.GetValue(cpus), parsed.GetValue(rounds) ?? DefaultRounds(parsed.GetValue(cpus), parsed.GetValue(steady)),
                workloadFile, TimeSpan.FromSeconds(parsed.GetValue(seconds)), parsed.GetValue(repeats), parsed.GetValue(steady), chosen);
            return Run(settings, built, named, parsed.GetValue(results) ?? Path.Combine(Directory.GetCurrentDirectory(), "reports", "bench"), document);
        });
        return command;
    }

    // About 8192 steps a pass; the steady workload's first row (which allocates) at most a tenth of them.
    private static int DefaultRounds(int cpus, bool steady) => Math.Clamp(MpamTopology.MaxCpus / cpus, steady ? 10 : 1, 50);

    private sealed record BenchSettings(int Cpus, int Rounds, string? WorkloadFile, TimeSpan PerRound, int Repeats, bool Steady, IReadOnlySet<string>? Parts)
    {
        public bool Wants(string part) => Parts is null || Parts.Contains(part);
    }

    // The parts that measure the model only; the others run the patch's code.
    private static readonly string[] ModelParts = ["model", "model-steps", "model-lockstep"];

    // Every part's key, in the order the table shows them.
    private static readonly string[] PartKeys =
        [.. ModelParts, "reference", "lockstep-observing", "lockstep", "lockstep-unchecked", "lockstep-recording", "lockstep-columns", "recorded-rows", "pure-c"];

    // --parts as a set of known keys; null (every part) when not given.
    private static IReadOnlySet<string>? ChosenParts(string? text)
    {
        if (text is null)
            return null;
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            throw new UsageException($"--parts: expected some of {string.Join(", ", PartKeys)}, got nothing");
        foreach (var name in names)
            if (!PartKeys.Contains(name))
                throw new UsageException($"--parts: '{name}' is not a part; expected some of {string.Join(", ", PartKeys)}");
        return names.ToHashSet();
    }

    private static int Run(BenchSettings settings, BuiltReference? reference, ModelFamily? named, string resultsFolder, OutputOptions.Document document)
    {
        var profile = ResourceProfile.Default;
        NativeSide? native = null;
        var family = named ?? ModelFamilies.Seed;
        if (reference is not null)
        {
            // This process binds the one library it measures, like a worker does.
            MpamRefLibrary.Use(reference.LibraryPath);
            native = new NativeSide();
            var revision = RevisionFacts.Of(reference.SourceDirectory);
            family = ModelFamilyChoice.For(revision, named, "bench").Family;
            profile = native.Profile.WithRevision(revision.Features, revision.PicksClasses);
        }
        var scenario = settings.WorkloadFile is { } file ? BenchRunner.Workload(file, profile) : BenchRunner.Workload(settings.Cpus, settings.Rounds, profile, settings.Steady);
        var (pinned, unpin) = PinToOneCore();
        var stepLog = Directory.CreateTempSubdirectory("conformance-bench-").FullName;
        // The recording part writes its log where `run` would put one of a pass's steps.
        var estimate = new StepLogPlace.Estimate(StepRecord.RecordLimit);
        estimate.Add(scenario, profile.Names.Count);
        var memory = StepLogPlace.Memory();
        var recordedLog = StepLogPlace.Fits(estimate.Bytes, memory) ? StepLogPlace.NewFolder(memory!.Path, "conformance-bench-") : stepLog;
        try
        {
            if (native is null && settings.Parts?.Except(ModelParts).FirstOrDefault() is { } needsPatch)
                throw new UsageException($"--parts {needsPatch}: runs the patch's code, and no patch is given (--patch, --kernel-tree or MPAM_PATCH)");
            // A part is made (some run a pass to be made) only when it is measured.
            var parts = new List<BenchPart>();
            void Add(string key, Func<string, BenchPart> make)
            {
                if (settings.Wants(key))
                    parts.Add(make(key));
            }
            Add("model", key => BenchRunner.Side(key, "model alone (step + snapshot)", family.Create(profile, default), scenario));
            if (family.Create(profile, default) is ModelSide unobserved)
                Add("model-steps", key => BenchRunner.ModelSteps(key, "model steps alone (no snapshot)", unobserved, scenario));
            // The harness's own work of a lockstep step (comparison, invariants, findings) with no C
            // side's time or noise in it: a change to that work is measured here first.
            Add("model-lockstep", key => BenchRunner.Lockstep(key, "lockstep: model against a second model (no C side)", family.Create(profile, default),
                family.Create(profile, default), scenario));
            PureC? pureC = null;
            if (native is not null)
            {
                Add("reference", key => BenchRunner.Side(key, "C reference alone, through P/Invoke (step + snapshot)", native, scenario));
                Add("lockstep-observing", key => BenchRunner.Lockstep(key, "both sides stepped and observed in one loop, nothing compared", native,
                    family.Create(profile, default), scenario, compare: false));
                Add("lockstep", key => BenchRunner.Lockstep(key, "lockstep: C reference against model", native, family.Create(profile, default), scenario));
                Add("lockstep-unchecked", key => BenchRunner.Lockstep(key, "lockstep without the invariants (what they cost)", native, family.Create(profile, default), scenario,
                    invariants: false));
                Add("lockstep-recording", key => BenchRunner.Lockstep(key, "lockstep recording steps, as `run` does", native, family.Create(profile, default), scenario, recordedLog));
                // A log of its own, which stays empty: truncating the recording's log would free its pages, a cost that is the recording's.
                Add("lockstep-columns", key => BenchRunner.Lockstep(key, "lockstep making the recorded steps' columns, no row written", native, family.Create(profile, default),
                    scenario, Directory.CreateDirectory(Path.Combine(recordedLog, "columns")).FullName, writeRows: false));
                Add("recorded-rows", key => BenchRunner.RecordedRows(key, "the recorded steps' rows alone, made beforehand", native, family.Create(profile, default), scenario,
                    Directory.CreateDirectory(Path.Combine(recordedLog, "rows")).FullName));
                if (settings.Wants("pure-c"))
                    pureC = new PureC(reference!.ReplayPath, scenario, profile, stepLog);
            }
            else
                ConsoleStyle.Say("No patch given (--patch, --kernel-tree or MPAM_PATCH): measuring the model only.");

            // One pass of each first (JIT, buffers grown to size), then the rounds, interleaved.
            foreach (var part in parts)
                part.Pass();
            var rounds = parts.ToDictionary(p => p.Key, _ => new List<BenchRound>());
            var pureRounds = new List<BenchRound>();
            for (int r = 0; r < settings.Repeats; r++)
            {
                foreach (var part in parts)
                    rounds[part.Key].Add(Measure.Round(settings.PerRound, part.Pass));
                if (pureC is not null)
                    pureRounds.Add(pureC.Round(settings.PerRound));
            }
            var measured = parts.Select(p => new BenchResult(p.Key, p.What, rounds[p.Key])).ToList();
            if (pureC is not null)
                measured.Add(new BenchResult("pure-c", "pure-C replay (step + snapshot, no .NET)", pureRounds));

            var report = new BenchReport(DateTimeOffset.Now, scenario.Name, settings.WorkloadFile, WorkloadCpus(scenario), scenario.Steps.Count,
                pinned, settings.PerRound.TotalSeconds, settings.Repeats, measured) { Family = family.Name, LoadAverage = LoadAverage.Now(), Cores = Environment.ProcessorCount };
            var last = report.Last(resultsFolder);
            var saved = report.Save(resultsFolder);
            Print(report, last);
            ConsoleStyle.Say($"bench: results kept in {saved}" + (last is null ? "" : $", compared with {last.Path}"));
            if (document == OutputOptions.Document.Json)
                Console.Out.Write(report.Json() + "\n");
            return ExitCodes.Conforms;
        }
        finally
        {
            unpin();
            Directory.Delete(stepLog, recursive: true);
            if (recordedLog != stepLog)
                Directory.Delete(recordedLog, recursive: true);
        }
    }

    private static int WorkloadCpus(Vectors.Scenario scenario) =>
        scenario.Steps.Select(s => s.Args).OfType<Vectors.TopologyArgs>().Select(t => t.Cpus).FirstOrDefault();

    // The last CPU this process may run on, for this process and (inherited) the replay it starts:
    // both sides measured on the same core, the scheduler not moving them. The undo gives the
    // process back the CPUs it had (the bench may run inside a longer-lived process).
    private static (int? Core, Action Undo) PinToOneCore()
    {
        if (!OperatingSystem.IsLinux())
            return (null, () => { });
        try
        {
            var process = Process.GetCurrentProcess();
            var allowed = process.ProcessorAffinity;
            if (allowed == 0)
                return (null, () => { });
            int core = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(long)allowed);
            process.ProcessorAffinity = (IntPtr)(1L << core);
            return (core, () => { if (OperatingSystem.IsLinux()) process.ProcessorAffinity = allowed; });
        }
        catch (Exception e) when (e is PlatformNotSupportedException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, () => { });
        }
    }

    // The pure-C replay over the same workload, the baseline the lockstep is held to: sandboxed
    // like every run of the patch's code, timing itself over whole passes for a given time.
    private sealed class PureC
    {
        private readonly string _replay, _steps, _folder;

        public PureC(string replay, Vectors.Scenario scenario, ResourceProfile profile, string folder)
        {
            _replay = replay;
            _folder = folder;
            _steps = Path.Combine(folder, "bench.steps");
            Vectors.StepFileWriter.Write(_steps, [scenario], profile);
        }

        public BenchRound Round(TimeSpan atLeast)
        {
            var start = new ProcessStartInfo(_replay) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "--bench-seconds", atLeast.TotalSeconds.ToString("R", CultureInfo.InvariantCulture), _steps })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(Sandbox.Bubblewrap.Wrap(start, new Sandbox.SandboxSpec([_folder, Path.GetDirectoryName(_replay)!], [], _folder)))!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // A pass of a huge workload may take long; the wait is bounded all the same.
            var limit = atLeast + TimeSpan.FromMinutes(10);
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new BenchException($"the pure-C replay did not finish within {limit.TotalMinutes:0} minutes and was stopped");
            }
            // "bench: N steps in S s: R steps/s ..."
            var words = (stdout.Wait(10_000) ? stdout.Result : "").Split(' ');
            if (process.ExitCode != 0 || words.Length < 5 || words[0] != "bench:"
                || !long.TryParse(words[1], CultureInfo.InvariantCulture, out var steps) || !double.TryParse(words[4], CultureInfo.InvariantCulture, out var taken))
                throw new BenchException($"the pure-C replay failed (exit {process.ExitCode}): {(stderr.Wait(10_000) ? stderr.Result.Trim() : "")}");
            return new BenchRound(steps, TimeSpan.FromSeconds(taken), 0);
        }
    }

    private static void Print(BenchReport report, BenchReport? last)
    {
        // Beside the medians' comparison, the best rounds': on a busy machine the medians move with
        // the load, the least disturbed rounds much less.
        var table = ConsoleStyle.Table("measurement", "steps/s (median)", "best round", "managed bytes/step",
            last is null ? "" : "median vs last", last is null ? "" : "best vs last");
        foreach (var r in report.Results)
        {
            var before = last?.Results.FirstOrDefault(l => l.Key == r.Key);
            table.AddRow(r.What, $"{r.MedianStepsPerSecond:N0}", $"{r.BestStepsPerSecond:N0}", $"{r.MedianBytesPerStep:0.0}",
                before is null ? "" : $"{r.MedianStepsPerSecond / before.MedianStepsPerSecond:0.00}x",
                before is null ? "" : $"{r.BestStepsPerSecond / before.BestStepsPerSecond:0.00}x");
        }
        AnsiConsole.MarkupLineInterpolated(
            $"Workload: {report.Scenario} ({report.Cpus} CPUs, {report.StepsPerPass:N0} steps a pass); {report.Repeats} interleaved rounds of {report.SecondsPerRound:0.##} s a part; {(report.PinnedCpu is { } c ? $"pinned to CPU {c}" : "not pinned")}.");
        AnsiConsole.Write(table);
        foreach (var ratio in report.Ratios)
            AnsiConsole.MarkupLineInterpolated(
                $"{ratio.What}: {ratio.Median:0.00}x (median of the rounds, the middle half {ratio.Low:0.00}-{ratio.High:0.00}x; best rounds {ratio.Best:0.00}x)");
        var stepTime = report.StepTime;
        if (stepTime.Count > 0)
            AnsiConsole.MarkupLine("Where a step's time goes (ns a step, each the median of its rounds' values):");
        foreach (var share in stepTime)
            AnsiConsole.MarkupLineInterpolated($"  {share.What}: {share.Nanoseconds:N0}");
        AnsiConsole.MarkupLineInterpolated($"{report.SteadinessNote()}");
    }
}
