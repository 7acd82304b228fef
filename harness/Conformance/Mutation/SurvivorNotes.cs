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
        foreach (var (lineNo, line) in Vectors.ReadmeTable.Rows(readmePath, "Equivalent mutants"))
        {
            var cells = Cells(line);
            if (cells.Count != 4 || cells[0].Length < 9 || !cells[0].StartsWith('`') || !cells[0].EndsWith('`')
                || !int.TryParse(cells[1], out int at) || at < 1 || cells[2].Length == 0 || cells[3].Length == 0)
                throw new FormatException($"{readmePath}:{lineNo}: expected | `blob` | line | the mutant's edit | reason |");
            equivalent.Add(new Equivalent(cells[0][1..^1], at, cells[2], cells[3]));
        }
        return new SurvivorNotes(CoverageExceptions.Read(readmePath), equivalent);
    }

    // A table row's cells, trimmed: split at the pipes that are not escaped (an edit such as
    // "&& becomes ||" is written with \| in the table), and those unescaped.
    private static List<string> Cells(string row)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        for (int i = 1; i < row.Length; i++)
        {
            if (row[i] == '\\' && i + 1 < row.Length && row[i + 1] == '|')
            {
                cell.Append('|');
                i++;
            }
            else if (row[i] == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
                cell.Append(row[i]);
        }
        if (cell.ToString().Trim().Length > 0)
            cells.Add(cell.ToString().Trim());                      // a row without its closing pipe
        return cells;
    }
}
