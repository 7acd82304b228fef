using System.CommandLine;
using Conformance.Intake;

namespace Conformance.Cli;

/// <summary>--patch, --kernel-tree and --fix, shared by every verb that builds the patch.</summary>
public sealed class PatchOptions
{
    public Option<string?> Patch { get; } = new("--patch") { Description = "the patch: a review mail quoting it, a git format-patch or b4 mbox (a whole series is fine), or a plain diff" };
    public Option<string?> KernelTree { get; } = new("--kernel-tree") { Description = "a kernel tree holding drivers/resctrl/mpam_resctrl.c" };
    public Option<string[]> Fix { get; } = new("--fix") { Description = "a unified diff to apply on top (repeatable, in order)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Patch);
        command.Options.Add(KernelTree);
        command.Options.Add(Fix);
    }

    /// <summary>The chosen source, or null after telling the user exactly how to give one.</summary>
    public PatchSource? SourceOf(ParseResult parsed, string verb)
    {
        var source = PatchSource.Choose(parsed.GetValue(Patch), parsed.GetValue(KernelTree));
        if (source is null)
            Console.Error.WriteLine($"conformance {verb}: {PatchSource.HowToSupplyOne}");
        return source;
    }

    public IReadOnlyList<string> FixesOf(ParseResult parsed) => parsed.GetValue(Fix) ?? [];
}
