using System.Text;

namespace Conformance.Review;

/// <summary>review.md: per fix a verdict a reviewer can paste into a reply, then the differing steps.</summary>
public static class ReviewMarkdown
{
    // A review of a large suite can differ in thousands of steps; the reply needs the first few per kind.
    private const int StepsShownPerVariant = 25;

    public static string Render(string patch, IReadOnlyList<VariantReview> variants)
    {
        var md = new StringBuilder();
        md.AppendLine("# Review: what the suggested changes do");
        md.AppendLine();
        md.AppendLine($"Base: `{patch}`. Each variant's C code was built and run over the same scenarios as the base; every observable of every step was compared.");
        md.AppendLine();
        md.AppendLine("## Verdicts");
        md.AppendLine();
        foreach (var v in variants)
            md.AppendLine($"- **{v.Name}**: {v.Verdict}. Findings: {FindingVerdict.Of(v).Sentence()}.");
        md.AppendLine();

        foreach (var v in variants)
        {
            var verdict = FindingVerdict.Of(v);
            if (verdict.Removed.Count + verdict.Added.Count == 0)
                continue;
            md.AppendLine($"### Findings of {v.Name}");
            md.AppendLine();
            foreach (var (title, facts) in new[] { ("Removed", verdict.Removed), ("Added", verdict.Added), ("Kept", verdict.Kept) })
                foreach (var fact in facts)
                    md.AppendLine($"- {title}: {Reports.MarkdownSummary.Escape(fact.ToString())}");
            md.AppendLine();
        }

        foreach (var v in variants.Where(v => v.ChangesBehaviour))
        {
            md.AppendLine($"## {v.Name}");
            md.AppendLine();
            md.AppendLine($"Fixes: {string.Join(", ", v.Fixes.Select(f => $"`{f}`"))}. {v.IdenticalSteps} of {v.Steps} steps are identical.");
            md.AppendLine();
            foreach (var (kind, steps) in v.CountsByKind())
            {
                md.AppendLine($"### {Capitalised(VariantReview.Describe(kind))}: {steps} step(s)");
                md.AppendLine();
                md.AppendLine("| scenario | step | base | variant |");
                md.AppendLine("| --- | --- | --- | --- |");
                foreach (var d in v.Deltas.Where(d => d.Changes.Any(c => c.Kind == kind)).Take(StepsShownPerVariant))
                    foreach (var c in d.Changes.Where(c => c.Kind == kind))
                        md.AppendLine($"| `{d.Scenario}` (`{d.File}:{d.Line}`) | {d.Step}: `{$"{d.Op} {d.Args}".Trim()}` | `{Cell(c.Observable, c.Base)}` | `{Cell(c.Observable, c.Variant)}` |");
                var more = v.Deltas.Count(d => d.Changes.Any(c => c.Kind == kind)) - StepsShownPerVariant;
                if (more > 0)
                    md.AppendLine($"| … {more} more in review.html | | | |");
                md.AppendLine();
            }
        }
        return md.ToString();
    }

    private static string Cell(string observable, string value) => $"{observable}: {value}".Replace("|", "\\|");

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
