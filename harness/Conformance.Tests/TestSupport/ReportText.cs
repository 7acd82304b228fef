using System.Text.RegularExpressions;

namespace Conformance.Tests.TestSupport;

/// <summary>A report's text with what may differ between two runs of the same work taken out.</summary>
internal static partial class ReportText
{
    // What may differ: the run's name, when it started and how long each part took.
    public static string Normalized(string path, string runId) =>
        Timings().Replace(File.ReadAllText(path).Replace(runId, "RUN"), "");

    [GeneratedRegex("""( time="[0-9.]+"| timestamp="[^"]*"|"started": "[^"]*",|"duration_seconds": [0-9.E-]+,)""")]
    private static partial Regex Timings();
}
