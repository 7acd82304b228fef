using System.Text.RegularExpressions;

namespace Conformance.Coverage;

/// <summary>Lines of one version of the patch's file that no scenario can reach, and why.</summary>
public sealed record CoverageException(string BlobPrefix, int FirstLine, int LastLine, string Function, string Reason)
{
    public bool Covers(string blobId, int line) =>
        blobId.StartsWith(BlobPrefix, StringComparison.Ordinal) && line >= FirstLine && line <= LastLine;
}

/// <summary>
/// Reads the table of unreachable lines from vectors/README.md: rows
/// <c>| blob | lines | function | reason |</c> under a heading "Unreachable lines". Lines are
/// keyed by the file's git blob id, so a new version of the patch never inherits them.
/// </summary>
public static partial class CoverageExceptions
{
    public static IReadOnlyList<CoverageException> Read(string readmePath)
    {
        var result = new List<CoverageException>();
        foreach (var (lineNo, cells) in Vectors.ReadmeTable.Rows(readmePath, "Unreachable lines"))
        {
            var lines = cells.Count == 4 ? Lines().Match(cells[1]) : null;
            if (lines is not { Success: true } || Vectors.ReadmeTable.Blob(cells[0]) is not { } blob || cells[2].Length == 0 || cells[3].Length == 0)
                throw new FormatException($"{readmePath}:{lineNo}: expected | `blob` | N or N-M | function | reason |");
            int first = int.Parse(lines.Groups["first"].Value);
            int last = lines.Groups["last"].Success ? int.Parse(lines.Groups["last"].Value) : first;
            result.Add(new CoverageException(blob, first, last, cells[2], cells[3]));
        }
        return result;
    }

    [GeneratedRegex(@"^(?<first>\d+)(-(?<last>\d+))?$")]
    private static partial Regex Lines();
}
