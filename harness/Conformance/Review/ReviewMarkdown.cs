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
            md.AppendLine($"- **{v.Name}**: {FindingVerdict.Line(v)}.{(v.ChangesBehaviour ? $" It {v.Verdict}." : "")}");
        md.AppendLine();

        foreach (var v in variants)
        {
            var verdict = FindingVerdict.Of(v);
            if (verdict.Removed.Count + verdict.Added.Count + verdict.ReturnCodes.Count == 0)
                continue;
            md.AppendLine($"### What {v.Name} changes");
            md.AppendLine();
            foreach (var (title, facts) in new[] { ("Removes", verdict.Removed), ("Adds", verdict.Added) })
                foreach (var fact in facts)
                    Change(md, $"{title} {fact.Kind}: {Reports.MarkdownSummary.Escape(fact.Text)} In {string.Join(", ", fact.Scenarios.Select(n => $"`{n}`"))}.",
                        fact.Where, fact.Quote, fact.Reproducer);
            foreach (var rc in verdict.ReturnCodes)
                Change(md, $"{(rc.IsRegression ? "**Regression**: it " : "It ")}{rc.Sentence()}.", null, null, rc.Reproducer);
            if (verdict.Kept.Count > 0)
                md.AppendLine($"Keeps: {string.Join("; ", verdict.Kept.Select(f => Reports.MarkdownSummary.Escape(f.Text)))}");
            md.AppendLine();
        }

        foreach (var v in variants.Where(v => v.ChangesBehaviour))
        {
            md.AppendLine($"## {v.Name}");
            md.AppendLine();
            md.AppendLine($"Fixes: {string.Join(", ", v.Fixes.Select(f => $"`{f}`"))}. " + (v.ComparedAll
                ? $"{v.IdenticalSteps} of {v.Steps} steps are identical."
                : $"{v.IdenticalSteps} of the {v.Compared} steps compared are identical; the other {v.Steps - v.Compared} of the {v.Steps} run were past a scenario's record limit, recorded by one run or neither (`--record-limit`)."));
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

    // One change as a list item: the sentence, the source line, and the reproducer to save as a .csv.
    private static void Change(StringBuilder md, string sentence, string? where, string? quote, Reports.MinimalVector? reproducer)
    {
        md.AppendLine($"- {sentence}{(where is null ? "" : $" At `{where}`:")}");
        if (quote is not null)
        {
            md.AppendLine();
            md.AppendLine("  ```c");
            md.AppendLine($"  {quote}");
            md.AppendLine("  ```");
        }
        if (reproducer?.Csv() is { Count: > 0 } csv)
        {
            md.AppendLine();
            md.AppendLine($"  The shortest vector that shows it ({csv.Count - 1} rows of `{reproducer.File}`):");
            md.AppendLine();
            md.AppendLine("  ```csv");
            foreach (var line in csv)
                md.AppendLine($"  {line}");
            md.AppendLine("  ```");
        }
        md.AppendLine();
    }

    private static string Cell(string observable, string value) => $"{observable}: {value}".Replace("|", "\\|");

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
