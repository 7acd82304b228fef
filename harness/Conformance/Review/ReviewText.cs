using System.Text;
using Conformance.Reports;

namespace Conformance.Review;

/// <summary>review.txt: the verdicts as a reply under the patch: plain text, at most 72 columns, one paragraph per fix and per finding it changes.</summary>
public static class ReviewText
{
    public static string Render(string patch, IReadOnlyList<VariantReview> variants)
    {
        var text = new StringBuilder();
        Paragraph(text, $"What the suggested changes do to {patch}, each built and run over the same scenarios, every observable of every step compared:");
        foreach (var v in variants)
        {
            var verdict = FindingVerdict.Of(v);
            Paragraph(text, $"{v.Name}: {v.Verdict}. Findings: {verdict.Sentence().Replace("`", "")}.");
            foreach (var fact in verdict.Removed)
                Paragraph(text, $"Removed: {fact.ToString().Replace("`", "")}", "  ");
            foreach (var fact in verdict.Added)
                Paragraph(text, $"Added: {fact.ToString().Replace("`", "")}", "  ");
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static void Paragraph(StringBuilder text, string words, string prefix = "")
    {
        var lines = new List<string>();
        TextSummary.Wrap(lines, words, prefix);
        text.AppendJoin('\n', lines).Append("\n\n");
    }
}
