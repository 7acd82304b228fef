using System.Text.Json;

namespace Conformance.Coverage;

/// <summary>One source line as gcov saw it: how often it ran and, per branch, how often it was taken.</summary>
public sealed record LineCoverage(int Line, long Count, IReadOnlyList<long> Branches, string Function);

/// <summary>
/// gcc's <c>gcov -b --json-format --stdout</c> output (format_version 1), reduced to the lines of
/// one source file. The patch's file is compiled by #include into the glue, so gcov lists it
/// under its own path; it is picked out by path suffix.
/// </summary>
public static class GcovReport
{
    public static IReadOnlyList<LineCoverage> LinesOf(IEnumerable<string> gcovJsonDocuments, string fileSuffix)
    {
        // A line can appear once per function instance, and the file once per data file: sum them.
        var lines = new SortedDictionary<int, (long Count, long[] Branches, string Function)>();
        foreach (var json in gcovJsonDocuments)
            Add(json, fileSuffix, lines);
        return lines.Select(l => new LineCoverage(l.Key, l.Value.Count, l.Value.Branches, l.Value.Function)).ToList();
    }

    private static void Add(string gcovJson, string fileSuffix, SortedDictionary<int, (long Count, long[] Branches, string Function)> lines)
    {
        using var doc = JsonDocument.Parse(gcovJson);
        if (doc.RootElement.GetProperty("format_version").GetString() != "1")
            throw new InvalidDataException($"gcov JSON format {doc.RootElement.GetProperty("format_version")}: this reader knows format 1 (gcc 9 to 13)");
        foreach (var file in doc.RootElement.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("file").GetString()!.Replace('\\', '/');
            if (!name.EndsWith(fileSuffix, StringComparison.Ordinal))
                continue;
            foreach (var line in file.GetProperty("lines").EnumerateArray())
            {
                int number = line.GetProperty("line_number").GetInt32();
                long count = line.GetProperty("count").GetInt64();
                var branches = line.GetProperty("branches").EnumerateArray()
                    .Where(b => !b.GetProperty("throw").GetBoolean())
                    .Select(b => b.GetProperty("count").GetInt64()).ToArray();
                var function = line.TryGetProperty("function_name", out var f) ? f.GetString() ?? "" : "";
                if (lines.TryGetValue(number, out var seen))
                {
                    var summed = seen.Branches.Length == branches.Length
                        ? seen.Branches.Zip(branches, (a, b) => a + b).ToArray()
                        : seen.Branches.Concat(branches).ToArray();
                    lines[number] = (seen.Count + count, summed, seen.Function);
                }
                else
                    lines[number] = (count, branches, function);
            }
        }
    }
}
