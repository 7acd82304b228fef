namespace Conformance.Fuzz;

/// <summary>
/// The starting corpus of each target, made here rather than kept as files: for patches and
/// fixes, the kinds of input the bad-input catalogue covers (created files, short and long
/// hunks, two versions, deletions, binary diffs, quoted mail, mbox), and for vectors every
/// vector file of the repository.
/// </summary>
public static class Seeds
{
    private const string File = "drivers/resctrl/mpam_resctrl.c";

    public static IEnumerable<(string Name, byte[] Bytes)> For(string target, string repositoryRoot) => target switch
    {
        "patch" => Text(
            ("creates", Creates(3, "a", "b", "c")),
            ("short-counts", Creates(2, "a", "b", "c")),
            ("truncated", Creates(5, "a")),
            ("two-versions", Creates(1, "a") + Creates(1, "b")),
            ("deletes", $"--- a/{File}\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n"),
            ("binary", $"diff --git a/{File} b/{File}\nGIT binary patch\nliteral 0\n"),
            ("quoted", string.Concat(Creates(2, "x", "y").Split('\n').Select(l => "> " + l + "\n"))),
            ("mbox", "From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH 2/2] b\n\n" + Creates(1, "b") +
                     "From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH 1/2] a\n\n" + Creates(1, "a")),
            ("index", $"diff --git a/{File} b/{File}\nnew file mode 100644\nindex 0000000..1234567\n--- /dev/null\n+++ b/{File}\n@@ -0,0 +1 @@\n+a\n")),
        "fix" => Text(
            ("change", $"--- a/{File}\n+++ b/{File}\n@@ -2,3 +2,3 @@\n line 2;\n-line 3;\n+line three;\n line 4;\n"),
            ("offset", $"--- a/{File}\n+++ b/{File}\n@@ -20,2 +20,3 @@\n line 22;\n line 23;\n+added;\n"),
            ("no-newline", $"--- a/{File}\n+++ b/{File}\n@@ -40 +40 @@\n-line 40;\n+last\n\\ No newline at end of file\n"),
            ("far", $"--- a/{File}\n+++ b/{File}\n@@ -99999,1 +99999,1 @@\n-a\n+b\n")),
        "vectors" => Directory.EnumerateFiles(Path.Combine(repositoryRoot, "vectors"), "*.csv", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), System.IO.File.ReadAllBytes(f))),
        _ => throw new ArgumentException($"no fuzz target '{target}'"),
    };

    public static void Write(string target, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, bytes) in For(target, ReferenceBuild.RepoRoot.Find()))
            System.IO.File.WriteAllBytes(Path.Combine(directory, name), bytes);
    }

    private static string Creates(int count, params string[] lines) =>
        $"diff --git a/{File} b/{File}\nnew file mode 100644\n--- /dev/null\n+++ b/{File}\n@@ -0,0 +1,{count} @@\n" + string.Concat(lines.Select(l => $"+{l}\n"));

    private static IEnumerable<(string, byte[])> Text(params (string Name, string Text)[] seeds) =>
        seeds.Select(s => (s.Name, System.Text.Encoding.UTF8.GetBytes(s.Text)));
}
