using System.Text.Json;
using Conformance.Cli;
using Conformance.Intake;

namespace Conformance.Tests.TestSupport;

/// <summary>
/// A bug planted in mainline's mpam_resctrl.c as a one-line fix, run against the unchanged
/// model over one vector file: the exit code, the first failure's message and every finding.
/// </summary>
public abstract class PlantedMainlineBugTest : TempDirectoryTest
{
    protected static string Mainline => Path.Combine(RepoPaths.Shared, "revisions", "mainline-fb481ec0");

    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(Mainline, "drivers", "resctrl", "mpam_resctrl.c"));

    /// <summary>A fix replacing the one line of the file that is <paramref name="text"/> (trimmed) with <paramref name="replacement"/>.</summary>
    protected static string Replacing(string text, string replacement)
    {
        int line = Array.FindIndex(Lines, l => l.Trim() == text) + 1;
        Assert.That(line, Is.Positive, $"mainline has `{text}`");
        return $"--- a/{PatchIntake.PatchedFile}\n+++ b/{PatchIntake.PatchedFile}\n@@ -{line},1 +{line},1 @@\n-{Lines[line - 1]}\n+{replacement}\n";
    }

    protected (int Exit, string Message, List<(string Side, string Kind, string Function)> Findings) RunPlanted(string diff, string vectors)
    {
        var fix = Path.Combine(TempDir, "planted.diff");
        File.WriteAllText(fix, diff);
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--kernel-tree", Mainline, "--fix", fix,
            "--vectors", vectors, "--ignore-expectations", "--reports", TempDir, "--run-id", "planted");
        Assert.That(exit, Is.Not.EqualTo(ExitCodes.BadInput).And.Not.EqualTo(ExitCodes.ReferenceBuildFailed), error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "planted", "summary.json")));
        var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        var first = scenarios.Select(s => s.GetProperty("first_failure")).First(f => f.ValueKind == JsonValueKind.Object);
        var findings = scenarios.SelectMany(s => s.GetProperty("findings").EnumerateArray())
            .Select(f => (f.GetProperty("side").GetString()!, f.GetProperty("kind").GetString()!, f.GetProperty("function").GetString() ?? "")).ToList();
        return (exit, first.GetProperty("message").GetString()!, findings);
    }
}
