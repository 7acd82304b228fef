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
    // A file as it was when read (its length and time): one that changed is read again.
    private readonly record struct Version(string Path, long Length, DateTime Written);

    // A few files: a run's vectors while its reports are written, not every file a long-lived
    // process saw. Reports written side by side that ask for the same file wait for one read.
    private const int FilesKept = 8;
    private static readonly ConcurrentDictionary<Version, Lazy<IReadOnlyDictionary<string, List<(int Line, string Text)>>>> Files = new();

    /// <summary>The file's rows by scenario, or null when it cannot be read (any more).</summary>
    public static IReadOnlyDictionary<string, List<(int Line, string Text)>>? Of(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var version = new Version(path, info.Length, info.LastWriteTimeUtc);
            if (!Files.ContainsKey(version) && Files.Count >= FilesKept)
                Files.Clear();
            return Files.GetOrAdd(version, v => new Lazy<IReadOnlyDictionary<string, List<(int, string)>>>(() => Parse(File.ReadAllText(v.Path)))).Value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Files.Clear();                                          // a read that failed is not kept
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
