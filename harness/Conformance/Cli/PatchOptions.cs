using System.CommandLine;
using Conformance.FileSystem;
using Conformance.Intake;

namespace Conformance.Cli;

/// <summary>--patch, --kernel-tree and --fix, shared by every verb that builds the patch.</summary>
public sealed class PatchOptions
{
    public Option<string?> Patch { get; } = new("--patch") { Description = "the patch: a review mail quoting it, a git format-patch or b4 mbox (a whole series is fine; .gz too), one saved message, an archive page saved as HTML, a plain diff, a kernel tree, or - for standard input" };
    public Option<string?> KernelTree { get; } = new("--kernel-tree") { Description = "a kernel tree holding drivers/resctrl/mpam_resctrl.c" };
    public Option<string[]> Fix { get; } = new("--fix") { Description = "a unified diff to apply on top (repeatable, in order)" };
    public Option<string?> UpTo { get; } = new("--upto") { Description = "in a series mbox, the last patch to apply: its number (14) or a piece of its subject" };

    public void AddTo(Command command)
    {
        command.Options.Add(Patch);
        command.Options.Add(KernelTree);
        command.Options.Add(Fix);
        command.Options.Add(UpTo);
    }

    /// <summary>Whether the command line names a patch at all (not the environment).</summary>
    public bool Given(ParseResult parsed) =>
        parsed.GetValue(Patch) is not null || parsed.GetValue(KernelTree) is not null || FixesOf(parsed).Count > 0 || parsed.GetValue(UpTo) is not null;

    /// <summary>
    /// The chosen source, checked to exist and be of the right kind; <see cref="UsageException"/>
    /// when none is given or two are, <see cref="IntakeException"/> when it cannot be read.
    /// </summary>
    public PatchSource SourceOf(ParseResult parsed)
    {
        var (patch, tree) = (parsed.GetValue(Patch), parsed.GetValue(KernelTree));
        if (patch is not null && tree is not null)
            throw new UsageException("--patch and --kernel-tree both given: pass one (a patch file, or the tree it was applied to)");
        var source = PatchSource.Choose(patch, tree) ?? throw new UsageException(PatchSource.HowToSupplyOne);
        // A folder given as the patch is a kernel tree, as --kernel-tree would take it.
        if (source.PatchFile is { } given)
            source = PatchSource.Of(given);
        if (parsed.GetValue(UpTo) is { } upTo)
        {
            if (source.PatchFile is null)
                throw new UsageException("--upto cuts a series mbox, but the source is a kernel tree");
            source = source with { UpTo = upTo };
        }
        if (source.PatchFile is { } file && InputFile.Problem(file) is { } problem)
            throw new IntakeException(file, 0, problem + (patch is null ? $" (from ${PatchSource.EnvironmentVariable})" : ""));
        if (source.KernelTree is { } dir && UnixFile.KindOf(dir) != FileKind.Directory)
            throw new IntakeException(dir, 0, $"a kernel tree (a folder), but it {UnixFile.Describe(UnixFile.KindOf(dir))}");
        foreach (var fix in FixesOf(parsed))
            if (InputFile.Problem(fix) is { } fixProblem)
                throw new IntakeException(fix, 0, fixProblem);
        return source;
    }

    public IReadOnlyList<string> FixesOf(ParseResult parsed) => parsed.GetValue(Fix) ?? [];
}
