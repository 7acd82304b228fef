using System.CommandLine;

namespace Conformance.Cli;

/// <summary>
/// Entry point of `conformance`. Each verb lives in its own *Command.cs file and is
/// listed once in <see cref="Verbs"/>.
/// </summary>
public static class Program
{
    private static IEnumerable<Command> Verbs() =>
    [
        ExtractCommand.Create(),
        BuildReferenceCommand.Create(),
        RunCommand.Create(),
        MergeCommand.Create(),
        ReviewCommand.Create(),
        CoverageCommand.Create(),
        BenchCommand.Create(),
        WorkerCommand.Create(),
        StepsCommand.Create(),
        MutateCommand.Create(),
        ExploreCommand.Create(),
        StressCommand.Create(),
    ];

    public static int Main(string[] args)
    {
        // A worker starts for every library (each mutant's): it goes straight to its work instead
        // of building every verb's options and the console first, a sixth of what it compiled.
        if (args is [WorkerCommand.Verb])
        {
            try
            {
                return WorkerCommand.Run();
            }
            catch (Exception e)
            {
                return ExitCodeOf(WorkerCommand.Verb, e);
            }
        }
        var root = new RootCommand("Conformance harness for the Arm MPAM resctrl patch: builds the patch's own C code, " +
                                   "runs it in lockstep with a managed model over CSV scenario vectors and reports every difference.");
        foreach (var command in Verbs())
            root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Usage errors are bad input: exit code 2, as DESIGN.md's contract says.
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"conformance: {error.Message}");
            Console.Error.WriteLine("Try 'conformance --help'.");
            return ExitCodes.BadInput;
        }
        var verb = parsed.CommandResult.Command.Name;
        ConsoleStyle.Configure(Verbosity.Normal, stdoutIsADocument: false);   // a verb with -q, -v, --json sets it again
        try
        {
            // Exceptions reach us, not System.CommandLine's handler, which prints a stack trace.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return ExitCodeOf(verb, e);
        }
    }

    /// <summary>The contract's exit code for what escaped a verb, told in one line.</summary>
    public static int ExitCodeOf(string verb, Exception e)
    {
        switch (e)
        {
            case UsageException or Intake.IntakeException or Bench.BenchException or ReferenceBuild.BuildCacheLimitException:
                Console.Error.WriteLine($"conformance {verb}: {e.Message}");
                return ExitCodes.BadInput;
            case Vectors.VectorLoadException load:
                foreach (var error in load.Errors)
                    Console.Error.WriteLine(error.Message);
                Console.Error.WriteLine($"conformance {verb}: {load.Errors.Count} error(s) in the vectors; nothing was run.");
                return ExitCodes.BadInput;
            case Lockstep.Isolation.ReferenceLoadException load:
                // The patch's code failed while loading (hung or died): like a crash in a step, it is the patch's outcome.
                Console.Error.WriteLine($"conformance {verb}: {load.Message}");
                return ExitCodes.Divergence;
            case ReferenceBuild.ReferenceBuildException build:
                Console.Error.WriteLine($"conformance {verb}: {build.Message}");
                return ExitCodes.ReferenceBuildFailed;
            default:
                return HarnessFailure.Report(verb, e);
        }
    }
}
