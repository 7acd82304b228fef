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

    /// <summary>
    /// A kernel tree holding the seed's file as the seed leaves it: mpam_resctrl.c, and the
    /// declarations the seed adds to mpam_internal.h and arm_mpam.h, taken from what intake
    /// extracted (nothing written by hand).
    /// </summary>
    public static string Tree(string dir)
    {
        var extracted = Path.Combine(Path.GetTempPath(), $"seed-tree-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            PatchIntake.Extract(new PatchSource(RepoPaths.Seed, null), [], extracted);
            var decls = File.ReadAllText(Path.Combine(extracted, DeclarationsHeader.RelativePath));
            Directory.CreateDirectory(Path.Combine(dir, "drivers", "resctrl"));
            Directory.CreateDirectory(Path.Combine(dir, "include", "linux"));
            File.Copy(Path.Combine(extracted, PatchIntake.PatchedFile), Path.Combine(dir, PatchIntake.PatchedFile));
            File.WriteAllText(Path.Combine(dir, "drivers", "resctrl", "mpam_internal.h"), decls);
            File.WriteAllLines(Path.Combine(dir, "include", "linux", "arm_mpam.h"),
                decls.Split('\n').Where(l => l.StartsWith("bool resctrl_arch_", StringComparison.Ordinal)));
            return dir;
        }
        finally
        {
            if (Directory.Exists(extracted))
                Directory.Delete(extracted, recursive: true);
        }
    }
}
