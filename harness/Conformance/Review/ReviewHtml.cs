using System.Net;
using System.Text;

namespace Conformance.Review;

/// <summary>review.html: self-contained; per variant its verdict, then every differing step, base and variant side by side.</summary>
public static class ReviewHtml
{
    public static string Render(string patch, IReadOnlyList<VariantReview> variants)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Review</title><style>");
        html.Append("body{font:14px/1.4 system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;margin:.5em 0}");
        html.Append("td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top;text-align:left}th{background:#eee}");
        html.Append(".same{background:#d9f2d9}.changed{background:#fff1cc}.base{background:#fdecea}.variant{background:#e8f4fd}code{font-size:90%}");
        html.Append("</style></head><body>");
        html.Append($"<h1>Review of <code>{E(patch)}</code></h1>");
        foreach (var v in variants)
        {
            var verdict = FindingVerdict.Of(v);
            html.Append($"<h2>{E(v.Name)}</h2><p class=\"{(v.ChangesBehaviour ? "changed" : "same")}\">{E(FindingVerdict.Line(v))}.{(v.ChangesBehaviour ? $" It {E(v.Verdict)}." : "")}</p>");
            if (!v.ChangesBehaviour)
                continue;
            html.Append("<ul>");
            foreach (var (title, facts) in new[] { ("Removes", verdict.Removed), ("Adds", verdict.Added) })
                foreach (var f in facts)
                    html.Append($"<li>{title} <b>{E(f.Kind)}</b>: {Reports.HtmlText.Inline(f.Text)}{(f.Where is null ? "" : $" <code>{E(f.Where)}</code>")}"
                        + $" in {E(string.Join(", ", f.Scenarios))}{Reports.HtmlText.Evidence(f.Quote, f.Reproducer)}</li>");
            foreach (var rc in verdict.ReturnCodes)
                html.Append($"<li>{(rc.IsRegression ? "<b>Regression</b>: it " : "It ")}{E(rc.Sentence())}.{Reports.HtmlText.Evidence(null, rc.Reproducer)}</li>");
            html.Append("</ul>");
            html.Append("<table><tr><th>scenario</th><th>step</th><th>observable</th><th>base</th><th>variant</th></tr>");
            foreach (var d in v.Deltas)
            {
                bool first = true;
                foreach (var c in d.Changes)
                {
                    html.Append("<tr>");
                    if (first)
                    {
                        html.Append($"<td rowspan=\"{d.Changes.Count}\">{E(d.Scenario)}<br><small>{E(d.File)}:{d.Line}</small></td>");
                        html.Append($"<td rowspan=\"{d.Changes.Count}\">{d.Step}: <code>{E($"{d.Op} {d.Args}".Trim())}</code></td>");
                        first = false;
                    }
                    html.Append($"<td>{E(VariantReview.Describe(c.Kind))}: <code>{E(c.Observable)}</code></td>");
                    html.Append($"<td class=\"base\"><code>{E(c.Base)}</code></td><td class=\"variant\"><code>{E(c.Variant)}</code></td></tr>");
                }
            }
            html.Append("</table>");
        }
        html.Append("</body></html>");
        return html.ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
