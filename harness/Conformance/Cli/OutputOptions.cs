using System.CommandLine;

namespace Conformance.Cli;

/// <summary>
/// -q and -v on every verb that runs scenarios, and the machine-readable documents a verb can
/// put on standard output instead of its words for people: <c>--json</c> (the summary.json it
/// writes) and, for run, <c>--ktap</c> (KTAP v1, one test per scenario).
/// </summary>
public sealed class OutputOptions(bool ktap)
{
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "say only what failed, and the one-line headline" };
    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "say each finding of each scenario as it finishes" };
    public Option<bool> Json { get; } = new("--json") { Description = "print the summary.json of the run on standard output (the rest goes to standard error)" };
    public Option<bool> Ktap { get; } = new("--ktap") { Description = "print KTAP v1 on standard output, one test per scenario, as kunit.py reads it" };

    public void AddTo(Command command)
    {
        command.Options.Add(Quiet);
        command.Options.Add(Verbose);
        command.Options.Add(Json);
        if (ktap)
            command.Options.Add(Ktap);
    }

    public enum Document { None, Json, Ktap }

    /// <summary>Checks the combination, sets the console up, and says which document goes to standard output.</summary>
    public Document Apply(ParseResult parsed)
    {
        bool quiet = parsed.GetValue(Quiet), verbose = parsed.GetValue(Verbose), json = parsed.GetValue(Json);
        bool asKtap = ktap && parsed.GetValue(Ktap);
        if (quiet && verbose)
            throw new UsageException("-q and -v both given: pass one");
        if (json && asKtap)
            throw new UsageException("--json and --ktap both given: standard output carries one document");
        var document = json ? Document.Json : asKtap ? Document.Ktap : Document.None;
        ConsoleStyle.Configure(quiet ? Verbosity.Quiet : verbose ? Verbosity.Verbose : Verbosity.Normal, document != Document.None);
        return document;
    }
}
