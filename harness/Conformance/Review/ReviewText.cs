using System.Text;
using Conformance.Reports;

namespace Conformance.Review;

/// <summary>review.txt: the verdicts as a reply under the patch: plain text, at most 72 columns, one paragraph per fix and per finding it changes.</summary>
public static class ReviewText
{
    public static string Render(string patch, IReadOnlyList<VariantReview> variants)
    {
        var text = new StringBuilder();
        TextSummary.Paragraph(text, $"What the suggested changes do to {patch}, each built and run over the same scenarios, every observable of every step compared:");
        foreach (var v in variants)
        {
            var verdict = FindingVerdict.Of(v);
            TextSummary.Paragraph(text, $"{v.Name}: {v.Verdict}. Findings: {verdict.Sentence().Replace("`", "")}.");
            foreach (var fact in verdict.Removed)
                TextSummary.Paragraph(text, $"Removed: {fact.ToString().Replace("`", "")}", "  ");
            foreach (var fact in verdict.Added)
                TextSummary.Paragraph(text, $"Added: {fact.ToString().Replace("`", "")}", "  ");
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }
}
