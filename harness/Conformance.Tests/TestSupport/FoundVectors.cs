using System.Text.Json;
using Conformance.Cli;

namespace Conformance.Tests.TestSupport;

/// <summary>What `explore` promises of the minimal vectors it writes: each, run again, conforms with its expectations and shows its fact.</summary>
internal static class FoundVectors
{
    /// <param name="patch">How the run is told the patch: ["--patch", FILE] or ["--kernel-tree", DIR].</param>
    public static void EachReproducesItsFact(string[] patch, string foundFolder, IReadOnlyList<JsonElement> facts, string reports)
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, ["run", .. patch, "--vectors", Path.Combine(foundFolder, "*.csv"), "--reports", reports, "--run-id", "again"]);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "again", "summary.json")));
        var shown = again.RootElement.GetProperty("scenarios").EnumerateArray()
            .SelectMany(s => s.GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("kind").GetString()}:{f.GetProperty("fact").GetString()}"))
            .ToHashSet();
        Assert.That(facts.Select(f => f.GetProperty("fact").GetString()).Where(f => !f!.StartsWith("divergence", StringComparison.Ordinal)), Is.SubsetOf(shown));

        // Each row after the platform's carries what the reference showed as its golden expectations.
        foreach (var file in Directory.GetFiles(foundFolder, "*.csv"))
            foreach (var row in Conformance.Vectors.CsvRowReader.Read(new Conformance.Vectors.SourceText(File.ReadAllText(file)), (_, _) => { }).Skip(1))
                if (!Conformance.Results.StepRecord.DescribesPlatform(row[Conformance.Vectors.VectorColumns.Op]))
                    Assert.That(new[] { row[Conformance.Vectors.VectorColumns.ExpectRc], row[Conformance.Vectors.VectorColumns.ExpectDomains] },
                        Has.All.Not.Empty, $"{file}:{row.Line}: the reference's rc and domains as expectations");
    }
}
