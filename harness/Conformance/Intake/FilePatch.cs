namespace Conformance.Intake;

/// <summary>One line of a hunk: ' ' context, '+' added, '-' removed.</summary>
public readonly record struct HunkLine(char Kind, string Text, int SourceLine);

/// <summary>A hunk with its header as written, and whether the new side ends without a newline.</summary>
public sealed record Hunk(int OldStart, int OldCount, int NewStart, int NewCount, string Header, int HeaderLine,
    IReadOnlyList<HunkLine> Lines, bool NewEndsWithoutNewline);

/// <summary>What a diff does to one file.</summary>
public sealed record FilePatch(string OldPath, string NewPath, string? IndexOld, string? IndexNew, IReadOnlyList<Hunk> Hunks, int HeaderLine)
{
    public bool CreatesFile => OldPath == "/dev/null";
    public bool DeletesFile => NewPath == "/dev/null";
    public string Path => CreatesFile ? NewPath : OldPath;
}
