using System.CommandLine;
using Conformance.Bench;
using Conformance.Observation;
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
        var command = new Command("bench", "Measure the lockstep hot path: the model alone, and the model in lockstep with itself.")
        {
            cpus, rounds, seconds,
        };
        command.SetAction(parsed => Run(parsed.GetValue(cpus), parsed.GetValue(rounds), TimeSpan.FromSeconds(parsed.GetValue(seconds))));
        return command;
    }

    private static int Run(int cpus, int rounds, TimeSpan atLeast)
    {
        if (cpus is < 1 or > 4096 || rounds < 1)
        {
            Console.Error.WriteLine("conformance bench: expected --cpus between 1 and 4096 and --rounds of at least 1");
            return ExitCodes.BadInput;
        }
        var profile = ResourceProfile.Default;
        var scenario = BenchRunner.Workload(cpus, rounds, profile);
        var results = new List<BenchResult>
        {
            BenchRunner.Side("model alone (step + snapshot)", BenchRunner.Model(profile), scenario, atLeast),
            BenchRunner.Lockstep("lockstep: model against model", BenchRunner.Model(profile), BenchRunner.Model(profile), scenario, atLeast),
        };
        Print(cpus, scenario.Steps.Count, results);
        return ExitCodes.Conforms;
    }

    public static void Print(int cpus, int stepsPerScenario, IReadOnlyList<BenchResult> results)
    {
        var table = new Table().AddColumns("measurement", "steps/s", "bytes allocated/step", "steps");
        foreach (var r in results)
            table.AddRow(r.What, $"{r.StepsPerSecond:N0}", $"{r.BytesPerStep:0.0}", $"{r.Steps:N0}");
        AnsiConsole.MarkupLine($"Workload: {cpus} CPUs, {stepsPerScenario:N0} steps per scenario, one core.");
        AnsiConsole.Write(table);
    }
}
