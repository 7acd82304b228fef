using System.Text;
using Conformance.Results;

namespace Conformance.Reports;

/// <summary>
/// summary.txt: the run as a reviewer pastes it under a patch in a reply: plain text, no markup,
/// at most 72 columns, one paragraph per finding with the patch's line quoted the way a reply
/// quotes a patch (<c>&gt; </c>).
/// </summary>
public static class TextSummary
{
    public const int Width = 72;

    public static string Render(RunResult run)
    {
        var text = new StringBuilder();
        Paragraph(text, $"Conformance run {run.RunId} of {run.Subject.Patch} (model family {run.Subject.ModelFamily}).");
        Paragraph(text, FindingCategories.Headline(run));
        foreach (var group in FindingGroups.Of(run))
        {
            var finding = group.ShownBy[0].Finding;
            var words = new List<string> { $"{group.Kind}: {group.Text}", $"Shown by {FindingGroups.Places(group, t => t)}." };
            if (FindingGroups.Growth(group) is { } growth)
                words.Add(growth);
            Finding(text, words, finding.Where, finding.Quote, FindingGroups.Reproducer(group));
        }
        Paragraph(text, string.Join(", ", Enum.GetValues<ScenarioOutcome>().Select(o => $"{run.Count(o)} {o}")) + $" of {run.Scenarios.Count} scenarios.");
        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>
    /// One finding as a reply states it: its sentences; checkpatch's "file:line: function()" and
    /// the line quoted as a reply quotes a patch; then the shortest vector that shows it, as
    /// CSV to save and run (its rows are not wrapped: a vector row is one line).
    /// </summary>
    internal static void Finding(StringBuilder text, IEnumerable<string> sentences, string? where, string? quote, MinimalVector? reproducer)
    {
        var lines = new List<string>();
        foreach (var sentence in sentences)
            Wrap(lines, Plain(sentence), "");
        if (where is not null)
        {
            Wrap(lines, where, "");
            if (quote is not null)
                Wrap(lines, quote, "> ");
        }
        var csv = reproducer?.Csv() ?? [];
        if (csv.Count > 0)
        {
            Wrap(lines, $"The shortest vector that shows it ({csv.Count - 1} rows of {reproducer!.File}):", "");
            lines.Add("");
            lines.AddRange(csv);
        }
        text.AppendJoin('\n', lines).Append("\n\n");
    }

    // Plain text: the sentences mark code with backticks for Markdown.
    private static string Plain(string sentence) => sentence.Replace("`", "");

    /// <summary>One paragraph of wrapped words (each line after <paramref name="prefix"/>), then a blank line.</summary>
    internal static void Paragraph(StringBuilder text, string words, string prefix = "")
    {
        var lines = new List<string>();
        Wrap(lines, words, prefix);
        text.AppendJoin('\n', lines).Append("\n\n");
    }

    /// <summary>Words into lines of at most <see cref="Width"/> columns, each starting with <paramref name="prefix"/>; a word longer than a line is cut.</summary>
    internal static void Wrap(List<string> lines, string words, string prefix)
    {
        var line = new StringBuilder(prefix);
        foreach (var word in words.Replace('\t', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var rest = word;
            while (rest.Length > 0)
            {
                int room = Width - line.Length - (line.Length > prefix.Length ? 1 : 0);
                if (rest.Length <= room)
                {
                    if (line.Length > prefix.Length)
                        line.Append(' ');
                    line.Append(rest);
                    rest = "";
                }
                else if (line.Length > prefix.Length)
                {
                    lines.Add(line.ToString());
                    line.Clear().Append(prefix);
                }
                else
                {
                    line.Append(rest[..room]);                      // longer than a whole line
                    rest = rest[room..];
                    lines.Add(line.ToString());
                    line.Clear().Append(prefix);
                }
            }
        }
        if (line.Length > prefix.Length)
            lines.Add(line.ToString());
    }
}
