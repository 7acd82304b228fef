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

    /// <summary>Writes <see cref="AppendingFix"/> as <paramref name="name"/> in <paramref name="dir"/> and returns its path.</summary>
    public static string WriteAppendingFix(string dir, string name, params string[] added)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, AppendingFix(added));
        return path;
    }

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

    /// <summary>The 1-based line of the only line of the file whose text, trimmed, is <paramref name="text"/>; fails the test otherwise.</summary>
    public static int LineOf(string text, int after = 0)
    {
        var found = Enumerable.Range(after, Lines.Count - after).Where(i => Lines[i].Trim() == text).ToList();
        Assert.That(found, Is.Not.Empty, $"the seed has a line '{text}' after line {after}");
        return found[0] + 1;
    }

    /// <summary>A fix that replaces the 1-based line <paramref name="line"/> with <paramref name="replacement"/> (none: deletes it).</summary>
    public static string ReplacingFix(int line, params string[] replacement)
    {
        var diff = new System.Text.StringBuilder();
        diff.Append($"--- a/{PatchIntake.PatchedFile}\n+++ b/{PatchIntake.PatchedFile}\n");
        diff.Append($"@@ -{line},1 +{line},{replacement.Length} @@\n");
        diff.Append('-').Append(Lines[line - 1]).Append('\n');
        foreach (var added in replacement)
            diff.Append('+').Append(added).Append('\n');
        return diff.ToString();
    }

    /// <summary>A fix that inserts <paramref name="added"/> before the file's 1-based line <paramref name="before"/>.</summary>
    public static string InsertingFix(int before, params string[] added)
    {
        var diff = new System.Text.StringBuilder();
        diff.Append($"--- a/{PatchIntake.PatchedFile}\n+++ b/{PatchIntake.PatchedFile}\n");
        diff.Append($"@@ -{before},1 +{before},{1 + added.Length} @@\n");
        foreach (var line in added)
            diff.Append('+').Append(line).Append('\n');
        diff.Append(' ').Append(Lines[before - 1]).Append('\n');
        return diff.ToString();
    }

    /// <summary>
    /// A kernel tree as the seed leaves it: the seed's mpam_resctrl.c, and the headers at that
    /// point of the series. ../shared/revisions/README.md says the caches/CDP stage's
    /// mpam_internal.h is the seed's post-image plus one field (cdp_enabled), and its
    /// arm_mpam.h the seed's post-image: so those, less that field. Read at test time.
    /// </summary>
    public static string Tree(string dir)
    {
        var stage = Path.Combine(RepoPaths.Shared, "revisions", "caches-cdp-01a0021f");
        var header = File.ReadAllLines(Path.Combine(stage, "drivers", "resctrl", "mpam_internal.h"));
        var cdp = header.Where(l => l.Trim() == "bool\t\t\tcdp_enabled;" || System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*bool\s+cdp_enabled;$")).ToList();
        Assert.That(cdp, Has.Count.EqualTo(1), "the one field the caches/CDP stage adds");
        Directory.CreateDirectory(Path.Combine(dir, "drivers", "resctrl"));
        Directory.CreateDirectory(Path.Combine(dir, "include", "linux"));
        File.WriteAllText(Path.Combine(dir, PatchIntake.PatchedFile), string.Join("\n", Lines) + "\n");
        File.WriteAllLines(Path.Combine(dir, "drivers", "resctrl", "mpam_internal.h"), header.Where(l => l != cdp[0]));
        File.Copy(Path.Combine(stage, "include", "linux", "arm_mpam.h"), Path.Combine(dir, "include", "linux", "arm_mpam.h"));
        return dir;
    }
}
