using Conformance.Intake;

namespace Conformance.Tests.TestSupport;

/// <summary>
/// The seed's mpam_resctrl.c as intake extracts it, read from ../shared at test time, and fix
/// diffs made against it: a test states the lines it adds, never copies patch text.
/// </summary>
internal static class SeedSource
{
    private static readonly Lazy<string[]> Extracted = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"seed-source-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            PatchIntake.Extract(new PatchSource(RepoPaths.Seed, null), [], dir);
            return File.ReadAllLines(Path.Combine(dir, PatchIntake.PatchedFile));
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    });

    public static IReadOnlyList<string> Lines => Extracted.Value;

    /// <summary>A fix that adds <paramref name="added"/> after the file's last line.</summary>
    public static string AppendingFix(params string[] added)
    {
        int n = Lines.Count;
        var diff = new System.Text.StringBuilder();
        diff.Append($"--- a/{PatchIntake.PatchedFile}\n+++ b/{PatchIntake.PatchedFile}\n");
        diff.Append($"@@ -{n},1 +{n},{1 + added.Length} @@\n");
        diff.Append(' ').Append(Lines[n - 1]).Append('\n');
        foreach (var line in added)
            diff.Append('+').Append(line).Append('\n');
        return diff.ToString();
    }
}
