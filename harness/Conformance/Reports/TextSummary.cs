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
            var lines = new List<string>();
            Wrap(lines, $"{group.Kind}: {group.Text}", "");
            if (finding.Where is { } where)
            {
                Wrap(lines, where, "");                            // checkpatch's "file:line: function()"
                if (finding.Quote is { } quote)
                    Wrap(lines, quote, "> ");
            }
            Wrap(lines, $"Shown by {FindingGroups.Places(group, t => t)}.", "");
            if (FindingGroups.Growth(group) is { } growth)
                Wrap(lines, growth, "");
            text.AppendJoin('\n', lines).Append("\n\n");
        }
        Paragraph(text, string.Join(", ", Enum.GetValues<ScenarioOutcome>().Select(o => $"{run.Count(o)} {o}")) + $" of {run.Scenarios.Count} scenarios.");
        return text.ToString().TrimEnd('\n') + "\n";
    }

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
