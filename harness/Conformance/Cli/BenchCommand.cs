using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Conformance.Bench;
using Conformance.Interop;
using Conformance.Intake;
using Conformance.Lockstep;
using Conformance.Observation;
using Conformance.ReferenceBuild;
using Spectre.Console;

namespace Conformance.Cli;

/// <summary>`conformance bench`: how fast the lockstep hot path runs, measured, never asserted in a test.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var cpus = new Option<int>("--cpus") { Description = "CPUs in the workload's topology", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds") { Description = "online-all/offline-all rounds per scenario", DefaultValueFactory = _ => 50 };
        var seconds = new Option<double>("--seconds") { Description = "how long each measurement runs at least", DefaultValueFactory = _ => 2.0 };
        var patch = new PatchOptions();
        var command = new Command("bench",
            "Measure the lockstep hot path over one workload: the model alone, the C reference alone, both in lockstep, and the pure-C replay.")
        {
            cpus, rounds, seconds,
        };
        patch.AddTo(command);
        command.SetAction(parsed =>
        {
            // The bench measures the model alone when no patch is named anywhere.
            BuiltReference? built = null;
            if (patch.Given(parsed) || PatchSource.Choose(null, null) is not null)
                built = ReferenceBuilder.Build(patch.SourceOf(parsed), patch.FixesOf(parsed), Flavor.Release);
            if (!double.IsFinite(parsed.GetValue(seconds)) || parsed.GetValue(seconds) <= 0)
                throw new UsageException($"--seconds {parsed.GetValue(seconds)}: expected a positive number of seconds");
            return Run(parsed.GetValue(cpus), parsed.GetValue(rounds), TimeSpan.FromSeconds(parsed.GetValue(seconds)), built);
        });
        return command;
    }

    private static int Run(int cpus, int rounds, TimeSpan atLeast, BuiltReference? reference)
    {
        if (cpus is < 1 or > 4096 || rounds < 1)
        {
            Console.Error.WriteLine("conformance bench: expected --cpus between 1 and 4096 and --rounds of at least 1");
            return ExitCodes.BadInput;
        }
        var profile = ResourceProfile.Default;
        NativeSide? native = null;
        if (reference is not null)
        {
            // This process binds the one library it measures, like a worker does.
            MpamRefLibrary.Use(reference.LibraryPath);
            native = new NativeSide();
            profile = native.Profile;
        }
        var scenario = BenchRunner.Workload(cpus, rounds, profile);
        var results = new List<BenchResult>
        {
            BenchRunner.Side("model alone (step + snapshot)", BenchRunner.Model(profile), scenario, atLeast),
            BenchRunner.Lockstep("lockstep: model against model", BenchRunner.Model(profile), BenchRunner.Model(profile), scenario, atLeast),
        };
        if (native is not null)
        {
            results.Add(BenchRunner.Side("C reference alone, through P/Invoke (step + snapshot)", native, scenario, atLeast));
            results.Add(BenchRunner.Lockstep("lockstep: C reference against model", native, BenchRunner.Model(profile), scenario, atLeast));
            results.Add(PureC(reference!.ReplayPath, scenario, profile, atLeast));
        }
        else
            AnsiConsole.MarkupLine("No patch given (--patch, --kernel-tree or MPAM_PATCH): measuring the model only.");
        Print(cpus, scenario.Steps.Count, results);
        return ExitCodes.Conforms;
    }

    // The pure-C replay over the same workload, as the baseline the lockstep is held to.
    private static BenchResult PureC(string replay, Vectors.Scenario scenario, ResourceProfile profile, TimeSpan atLeast)
    {
        var dir = Directory.CreateTempSubdirectory("conformance-bench-").FullName;
        var csv = Path.Combine(dir, "bench.steps");
        Vectors.StepFileWriter.Write(csv, [scenario], profile);
        try
        {
            long iterations = Math.Max(1, (long)(atLeast.TotalSeconds * 2_000_000 / scenario.Steps.Count));
            var start = new ProcessStartInfo(replay) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "--bench", iterations.ToString(CultureInfo.InvariantCulture), csv })
                start.ArgumentList.Add(arg);
            // The replay runs the patch's code: sandboxed like every run of it; it times itself.
            using var process = Process.Start(Sandbox.Bubblewrap.Wrap(start, new Sandbox.SandboxSpec([dir, Path.GetDirectoryName(replay)!], [], dir)))!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // "bench: N steps in S s: R steps/s ..."
            var words = output.Split(' ');
            long steps = long.Parse(words[1], CultureInfo.InvariantCulture);
            double secondsTaken = double.Parse(words[4], CultureInfo.InvariantCulture);
            return new BenchResult("pure-C replay (step + snapshot, no .NET)", steps, TimeSpan.FromSeconds(secondsTaken), 0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static void Print(int cpus, int stepsPerScenario, IReadOnlyList<BenchResult> results)
    {
        var table = ConsoleStyle.Table("measurement", "steps/s", "managed bytes allocated/step", "steps");
        foreach (var r in results)
            table.AddRow(r.What, $"{r.StepsPerSecond:N0}", $"{r.BytesPerStep:0.0}", $"{r.Steps:N0}");
        AnsiConsole.MarkupLine($"Workload: {cpus} CPUs, {stepsPerScenario:N0} steps per scenario, one core.");
        AnsiConsole.Write(table);
    }
}
