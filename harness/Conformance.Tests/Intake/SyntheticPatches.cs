using System.Text;
using Conformance.Intake;

namespace Conformance.Tests.Intake;

/// <summary>
/// Made-up patches in every form the intake reads, built here so that their blob ids are right:
/// a small invented C file created at drivers/resctrl/mpam_resctrl.c, a header addition, and a
/// second patch changing the file.
/// </summary>
internal static class SyntheticPatches
{
    public static readonly string[] FileLines =
    [
        "// invented for the intake tests",
        "#include <linux/list.h>",
        "",
        "static int widgets;",
        "",
        "int widget_count(void)",
        "{",
        "\treturn widgets;",
        "}",
    ];

    public static string FileText => string.Join('\n', FileLines) + "\n";

    public static string Blob(string text) => GitBlob.Id(Encoding.UTF8.GetBytes(text));

    /// <summary>A git diff creating the file and adding two lines to mpam_internal.h.</summary>
    public static string CreatingDiff()
    {
        var diff = new StringBuilder();
        diff.Append("diff --git a/drivers/resctrl/mpam_internal.h b/drivers/resctrl/mpam_internal.h\n");
        diff.Append("index 1111111..2222222 100644\n");
        diff.Append("--- a/drivers/resctrl/mpam_internal.h\n+++ b/drivers/resctrl/mpam_internal.h\n");
        diff.Append("@@ -10,2 +10,4 @@ struct other {\n");
        diff.Append(" \tint a;\n");
        diff.Append("+struct widget_res {\n+\tint id;\n");
        diff.Append(" };\n");
        diff.Append("diff --git a/drivers/resctrl/mpam_resctrl.c b/drivers/resctrl/mpam_resctrl.c\n");
        diff.Append("new file mode 100644\n");
        diff.Append($"index 000000000000..{Blob(FileText)[..12]}\n");
        diff.Append("--- /dev/null\n+++ b/drivers/resctrl/mpam_resctrl.c\n");
        diff.Append($"@@ -0,0 +1,{FileLines.Length} @@\n");
        foreach (var line in FileLines)
            diff.Append('+').Append(line).Append('\n');
        return diff.ToString();
    }

    public static string ChangedText => FileText.Replace("\treturn widgets;", "\treturn widgets + 1;");

    /// <summary>A later patch changing the created file.</summary>
    public static string ChangingDiff() =>
        "diff --git a/drivers/resctrl/mpam_resctrl.c b/drivers/resctrl/mpam_resctrl.c\n" +
        $"index {Blob(FileText)[..12]}..{Blob(ChangedText)[..12]} 100644\n" +
        "--- a/drivers/resctrl/mpam_resctrl.c\n+++ b/drivers/resctrl/mpam_resctrl.c\n" +
        "@@ -7,3 +7,3 @@ int widget_count(void)\n" +
        " {\n-\treturn widgets;\n+\treturn widgets + 1;\n }\n";

    /// <summary>
    /// The creating diff as a reviewer's reply quotes it: "&gt; " quoting (with a deeper level for the
    /// header hunk), format=flowed stuffing of lines that begin with a space, an obfuscated
    /// address, and the reviewer's own lines, including suggested code, inside the hunk.
    /// </summary>
    public static string ReviewMail()
    {
        var mail = new StringBuilder();
        mail.Append("[PATCH v2 3/7] widgets: count them\n\nA Reviewer reviewer at example.org\n\n");
        mail.Append("On Monday, Someone wrote:\n");
        var lines = CreatingDiff().TrimEnd('\n').Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var stuffed = line.StartsWith(' ') ? " " + line : line;
            var quote = i < 8 ? "> > " : "> ";
            mail.Append(quote).Append(stuffed).Append('\n');
            if (line == "+static int widgets;")
                mail.Append("\nWhy is this not atomic_t? Something like:\n\n\tstatic atomic_t widgets;\n\n");
        }
        mail.Append("\nThanks,\nA Reviewer\n");
        return mail.ToString();
    }

    /// <summary>An mbox with the series out of order, and a patch to an unrelated file.</summary>
    public static string Mbox() =>
        Message("[PATCH v2 2/3] widgets: change the count", ChangingDiff()) +
        Message("[PATCH v2 3/3] docs: mention widgets",
            "diff --git a/Documentation/widgets.rst b/Documentation/widgets.rst\nindex 3333333..4444444 100644\n" +
            "--- a/Documentation/widgets.rst\n+++ b/Documentation/widgets.rst\n@@ -1,1 +1,2 @@\n Widgets\n+=======\n") +
        Message("[PATCH v2 1/3] widgets: add them", CreatingDiff());

    private static string Message(string subject, string diff) =>
        $"From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n" +
        $"From: Some One <someone@example.org>\nSubject: {subject}\n\nThe commit message.\n---\n{diff}-- \n2.47.0\n\n";
}
