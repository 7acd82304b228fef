namespace Conformance.Intake;

/// <summary>One line of a hunk: ' ' context, '+' added, '-' removed.</summary>
public readonly record struct HunkLine(char Kind, string Text, int SourceLine);

/// <summary>A hunk with its header as written, and whether the new side ends without a newline.</summary>
public sealed record Hunk(int OldStart, int OldCount, int NewStart, int NewCount, string Header, int HeaderLine,
    IReadOnlyList<HunkLine> Lines, bool NewEndsWithoutNewline);

/// <summary>Whether a diff moves a file: git's "rename from/to" and "copy from/to" (git diff -M, -C).</summary>
public enum FileMove { None, Rename, Copy }

/// <summary>What a diff does to one file.</summary>
public sealed record FilePatch(string OldPath, string NewPath, string? IndexOld, string? IndexNew, IReadOnlyList<Hunk> Hunks, int HeaderLine,
    FileMove Move = FileMove.None)
{
    public bool CreatesFile => OldPath == "/dev/null";
    public bool DeletesFile => NewPath == "/dev/null";

    /// <summary>The file the diff leaves: the new path of a file created, renamed or copied; else the one it changes.</summary>
    public string Path => CreatesFile || Move != FileMove.None ? NewPath : OldPath;

    /// <summary>The file whose content the hunks apply to: the old path of a rename or copy.</summary>
    public string Source => Move != FileMove.None ? OldPath : Path;

    /// <summary>The input the diff was read from, as errors name it (a mail's part says which).</summary>
    public string? Origin { get; init; }
}
