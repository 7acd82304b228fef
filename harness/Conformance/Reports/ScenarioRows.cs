using System.Collections.Concurrent;
using Conformance.Vectors;

namespace Conformance.Reports;

/// <summary>
/// A vector file's rows by scenario, each as a reproducer writes it (scenario, op and args, no
/// expectations), in file order with its line. Read once while the file stays as it was: a run of
/// thousands of scenarios has a reproducer for each fact in each report, and reading the whole
/// file for each took most of the time its reports took.
/// </summary>
internal static class ScenarioRows
{
    private sealed record Read(long Length, DateTime Written, IReadOnlyDictionary<string, List<(int Line, string Text)>> Rows);

    // A few files: a run's vectors while its reports are written, not every file a long-lived process saw.
    private const int FilesKept = 8;
    private static readonly ConcurrentDictionary<string, Read> Files = new();

    /// <summary>The file's rows by scenario, or null when it cannot be read (any more).</summary>
    public static IReadOnlyDictionary<string, List<(int Line, string Text)>>? Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (Files.TryGetValue(path, out var known) && known.Length == info.Length && known.Written == info.LastWriteTimeUtc)
                return known.Rows;
            var read = new Read(info.Length, info.LastWriteTimeUtc, Parse(File.ReadAllText(path)));
            if (Files.Count >= FilesKept)
                Files.Clear();
            Files[path] = read;
            return read.Rows;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Dictionary<string, List<(int, string)>> Parse(string text)
    {
        var byScenario = new Dictionary<string, List<(int, string)>>();
        bool header = true;
        foreach (var row in CsvRowReader.Read(new SourceText(text), (_, _) => { }))
        {
            if (header)
            {
                header = false;                                     // the file's own
                continue;
            }
            var scenario = row[VectorColumns.Scenario];
            if (!byScenario.TryGetValue(scenario, out var rows))
                byScenario[scenario] = rows = [];
            rows.Add((row.Line, string.Join(",", Enumerable.Range(0, VectorColumns.Args + 1).Select(i => MinimalVector.Field(row[i]))).TrimEnd(',')));
        }
        return byScenario;
    }
}
