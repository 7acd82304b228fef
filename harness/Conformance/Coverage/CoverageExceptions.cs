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
        foreach (var (lineNo, line) in Vectors.ReadmeTable.Rows(readmePath, "Unreachable lines"))
        {
            var m = Row().Match(line);
            if (!m.Success)
                throw new FormatException($"{readmePath}:{lineNo}: expected | `blob` | N or N-M | function | reason |");
            int first = int.Parse(m.Groups["first"].Value);
            int last = m.Groups["last"].Success ? int.Parse(m.Groups["last"].Value) : first;
            result.Add(new CoverageException(m.Groups["blob"].Value, first, last, m.Groups["func"].Value.Trim(), m.Groups["reason"].Value.Trim()));
        }
        return result;
    }

    [GeneratedRegex(@"^\| `(?<blob>[0-9a-f]{7,40})` \| (?<first>\d+)(-(?<last>\d+))? \| (?<func>[^|]+) \| (?<reason>[^|]+) \|$")]
    private static partial Regex Row();
}
