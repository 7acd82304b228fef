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
        ReviewCommand.Create(),
        CoverageCommand.Create(),
        BenchCommand.Create(),
        WorkerCommand.Create(),
    ];

    public static int Main(string[] args)
    {
        var root = new RootCommand("Conformance harness for the Arm MPAM resctrl patch: builds the patch's own C code, " +
                                   "runs it in lockstep with a managed model over CSV scenario vectors and reports every difference.");
        foreach (var verb in Verbs())
            root.Subcommands.Add(verb);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Usage errors are bad input: exit code 2, as DESIGN.md's contract says.
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"conformance: {error.Message}");
            Console.Error.WriteLine("Try 'conformance --help'.");
            return ExitCodes.BadInput;
        }
        return parsed.Invoke();
    }
}
