using System.Text;
using System.Text.RegularExpressions;

namespace Conformance.Vectors;

/// <summary>
/// The rows of one table of vectors/README.md: the lines starting "| `" under the heading that
/// names it, up to the next heading, each as its trimmed cells with its line number (for an error
/// that points at it). A cell holds a pipe written \| (an edit such as "&amp;&amp; becomes ||").
/// </summary>
public static partial class ReadmeTable
{
    public static IEnumerable<(int Line, IReadOnlyList<string> Cells)> Rows(string readmePath, string heading)
    {
        bool inSection = false;
        int lineNo = 0;
        foreach (var line in File.ReadLines(readmePath))
        {
            lineNo++;
            if (line.StartsWith('#'))
                inSection = line.Contains(heading, StringComparison.OrdinalIgnoreCase);
            if (inSection && line.StartsWith("| `", StringComparison.Ordinal))
                yield return (lineNo, Cells(line));
        }
    }

    /// <summary>The blob prefix a row's first cell names (`hex`, 7 to 40 digits), or null when it names none.</summary>
    public static string? Blob(string cell) => BlobCell().Match(cell) is { Success: true } m ? m.Groups["blob"].Value : null;

    [GeneratedRegex(@"^`(?<blob>[0-9a-f]{7,40})`$")]
    private static partial Regex BlobCell();

    // Split at the pipes that are not escaped, and those unescaped; a row without its closing pipe keeps its last cell.
    private static List<string> Cells(string row)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
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
            cells.Add(cell.ToString().Trim());
        return cells;
    }
}
