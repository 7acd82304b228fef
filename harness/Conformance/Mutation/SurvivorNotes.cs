using Conformance.Coverage;

namespace Conformance.Mutation;

/// <summary>
/// Why a survivor survives, where vectors/README.md says so: its line is one no scenario can reach
/// (the "Unreachable lines" table coverage keeps), or the mutant is one that changes nothing the
/// kernel could observe (the "Equivalent mutants" table: its line and edit). Both are keyed by the
/// file's blob, so a respin's survivors start undocumented: they are what a reviewer looks at.
/// </summary>
public sealed class SurvivorNotes(IReadOnlyList<CoverageException> unreachable, IReadOnlyList<SurvivorNotes.Equivalent> equivalent)
{
    /// <summary>A row of the "Equivalent mutants" table: the mutant at that line with that edit changes nothing observable.</summary>
    public sealed record Equivalent(string BlobPrefix, int Line, string Edit, string Reason);

    public const string UnreachablePrefix = "unreachable: ";
    public const string EquivalentPrefix = "equivalent: ";

    public static readonly SurvivorNotes None = new([], []);

    /// <summary>The note for a survivor of the file with blob <paramref name="blob"/>, or null when the README has none.</summary>
    public string? For(string blob, Mutant mutant)
    {
        foreach (var e in equivalent)
            if (blob.StartsWith(e.BlobPrefix, StringComparison.Ordinal) && e.Line == mutant.Line && e.Edit == mutant.Description)
                return EquivalentPrefix + e.Reason;
        foreach (var u in unreachable)
            if (u.Covers(blob, mutant.Line))
                return UnreachablePrefix + u.Reason;
        return null;
    }

    /// <summary>Both tables of <paramref name="readmePath"/>; none when it does not exist.</summary>
    public static SurvivorNotes Read(string readmePath)
    {
        if (!File.Exists(readmePath))
            return None;
        var equivalent = new List<Equivalent>();
        foreach (var (lineNo, cells) in Vectors.ReadmeTable.Rows(readmePath, "Equivalent mutants"))
        {
            if (cells.Count != 4 || Vectors.ReadmeTable.Blob(cells[0]) is not { } blob
                || !int.TryParse(cells[1], out int at) || at < 1 || cells[2].Length == 0 || cells[3].Length == 0)
                throw new FormatException($"{readmePath}:{lineNo}: expected | `blob` | line | the mutant's edit | reason |");
            equivalent.Add(new Equivalent(blob, at, cells[2], cells[3]));
        }
        return new SurvivorNotes(CoverageExceptions.Read(readmePath), equivalent);
    }
}
