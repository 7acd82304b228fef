namespace Conformance.Vectors;

/// <summary>
/// The rows of one table of vectors/README.md: the lines starting "| `" under the heading that
/// names it, up to the next heading, each with its line number (for an error that points at it).
/// </summary>
public static class ReadmeTable
{
    public static IEnumerable<(int Line, string Row)> Rows(string readmePath, string heading)
    {
        bool inSection = false;
        int lineNo = 0;
        foreach (var line in File.ReadLines(readmePath))
        {
            lineNo++;
            if (line.StartsWith('#'))
                inSection = line.Contains(heading, StringComparison.OrdinalIgnoreCase);
            if (inSection && line.StartsWith("| `", StringComparison.Ordinal))
                yield return (lineNo, line);
        }
    }
}
