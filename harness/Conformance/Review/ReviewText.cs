using System.Text;
using Conformance.Reports;

namespace Conformance.Review;

/// <summary>
/// review.txt: the verdicts as a reply under the patch: plain text, at most 72 columns, no markup.
/// Per fix its one-line verdict, then one paragraph per finding it removes or adds and per return
/// code it changes, each with the patch's line quoted and the shortest vector that shows it.
/// </summary>
public static class ReviewText
{
    public static string Render(string patch, IReadOnlyList<VariantReview> variants)
    {
        var text = new StringBuilder();
        TextSummary.Paragraph(text, variants.All(v => v.ComparedAll)
            ? $"What the suggested changes do to {patch}, each built and run over the same scenarios, every observable of every step compared:"
            : $"What the suggested changes do to {patch}, each built and run over the same scenarios, every observable of every step both runs recorded compared (past a scenario's record limit, its last step and its first failures'):");
        var said = new Dictionary<string, string>();                  // verdict line -> the variant that said it first
        foreach (var v in variants)
        {
            var verdict = FindingVerdict.Of(v);
            var line = FindingVerdict.Line(v);
            if (said.TryGetValue($"{v.Verdict}|{line}", out var same))
            {
                TextSummary.Paragraph(text, $"{v.Name}: the same as {same}.");   // all fixes together often do what one does
                continue;
            }
            said[$"{v.Verdict}|{line}"] = v.Name;
            TextSummary.Paragraph(text, $"{v.Name}: {line}.");
            if (v.ChangesBehaviour)
                TextSummary.Paragraph(text, $"It {v.Verdict}.");
            foreach (var fact in verdict.Removed)
                Fact(text, "Removes", fact);
            foreach (var fact in verdict.Added)
                Fact(text, "Adds", fact);
            foreach (var rc in verdict.ReturnCodes)
                TextSummary.Finding(text, [$"{(rc.IsRegression ? "Regression: it " : "It ")}{rc.Sentence()}."], null, null, rc.Reproducer);
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static void Fact(StringBuilder text, string what, FactChange fact) =>
        TextSummary.Finding(text, [$"{what} {fact.Kind}: {fact.Text}", $"In {string.Join(", ", fact.Scenarios)}."],
            fact.Where, fact.Quote, fact.Reproducer);
}
