using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>Reads one vector file into scenarios, collecting every error instead of stopping at the first.</summary>
public static class VectorFileParser
{
    public const int MaxNameLength = 200;

    /// <param name="file">The name errors and scenarios carry (as the user selected it).</param>
    /// <param name="text">The file's contents.</param>
    /// <param name="window">When given, only the scenarios in it are parsed and returned.</param>
    /// <param name="each">When given, each scenario is handed to it as soon as it is read, and none is returned:
    /// a reader that keeps only part of each (a run's parent, its outlines) lets the rest go young.</param>
    public static IReadOnlyList<Scenario> Parse(string file, string text, ResourceProfile profile, List<VectorFormatException> errors,
        ScenarioWindow? window = null, Action<Scenario>? each = null)
    {
        var source = new SourceText(text);
        var scenarios = new List<Scenario>();
        var emit = each ?? scenarios.Add;
        var ended = new Dictionary<string, int>(StringComparer.Ordinal);
        ScenarioBuilder? current = null;
        bool wanted = true;
        bool header = true;
        int columns = VectorColumns.Header.Length;

        void ErrorAt((int Line, int Column) at, string expected) => errors.Add(new VectorFormatException(file, at.Line, at.Column, expected));
        // One parser for the file's rows, its errors placed in the row being parsed.
        CsvRow? parsing = null;
        var rows = new RowParser(profile, (field, offset, what) => ErrorAt(parsing!.At(field, offset), what));

        foreach (var row in CsvRowReader.Read(source, (line, what) => errors.Add(new VectorFormatException(file, line, 1, what))))
        {
            if (header)
            {
                header = false;
                if (!CheckHeader(row, ErrorAt))
                    return [];
                columns = row.Count;
                continue;
            }
            if (row.Count > columns)
            {
                ErrorAt(row.At(columns), $"{columns} fields ({string.Join(",", VectorColumns.Header.Take(columns))}; quote a field that holds a comma), got {row.Count}");
                continue;
            }

            string name = row[VectorColumns.Scenario];
            if (name.Length == 0)
            {
                ErrorAt(row.At(VectorColumns.Scenario), "a scenario name in the first field");
                continue;
            }
            // Names go into JUnit, file names of found vectors and terminals: printable text only.
            if (name.Length > MaxNameLength || HasControl(name))
            {
                ErrorAt(row.At(VectorColumns.Scenario), $"a scenario name of at most {MaxNameLength} printable characters (no control characters or line breaks)");
                continue;
            }
            if (current?.Name != name)
            {
                if (current is not null)
                {
                    if (wanted)
                        emit(current.Build(file));
                    ended[current.Name] = current.Line;
                }
                if (ended.TryGetValue(name, out int first))
                    ErrorAt(row.At(VectorColumns.Scenario),
                        $"scenario names unique per file and a scenario's rows contiguous: '{name}' already began at line {first}");
                if (window is { Past: true })
                    return scenarios;
                wanted = window?.Next() ?? true;
                current = new ScenarioBuilder(name, row.Line);
            }
            if (!wanted)
                continue;

            parsing = row;
            rows.Parse(row, current);
        }
        if (header)
            errors.Add(new VectorFormatException(file, 1, 1, $"the header line {VectorColumns.HeaderLine}"));
        if (current is not null && wanted)
            emit(current.Build(file));
        return scenarios;
    }

    private static bool HasControl(string name)
    {
        foreach (char c in name)
            if (char.IsControl(c))
                return true;
        return false;
    }

    // The full header, or its first columns down to scenario,op,args: a vector with no
    // expectations (a minimal reproducer in a reply) need not carry their empty columns.
    private static bool CheckHeader(CsvRow row, Action<(int, int), string> error)
    {
        int length = Math.Clamp(row.Count, VectorColumns.Args + 1, VectorColumns.Header.Length);
        for (int i = 0; i < Math.Max(row.Count, length); i++)
        {
            if (i < length && row[i] == VectorColumns.Header[i] && i < row.Count)
                continue;
            error(row.At(Math.Min(i, row.Count)), $"the header line {VectorColumns.HeaderLine} (field {i + 1} is '{(i < VectorColumns.Header.Length ? VectorColumns.Header[i] : "nothing")}')");
            return false;
        }
        return true;
    }
}
