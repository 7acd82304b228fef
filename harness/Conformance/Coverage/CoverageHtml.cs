using System.Net;
using System.Text;

namespace Conformance.Coverage;

/// <summary>The patch's file annotated: per line its hit count, per branch taken (✓) or not (✗); exceptions greyed with their reason.</summary>
public static class CoverageHtml
{
    public const string Css =
        ".cov{border-collapse:collapse;font:12px/1.35 ui-monospace,monospace}.cov td{padding:0 6px;white-space:pre}" +
        ".cov .n{color:#888;text-align:right}.cov .c{text-align:right}.cov tr.hit{background:#e8f5e9}.cov tr.miss{background:#ffcdd2}" +
        ".cov tr.part{background:#fff3cd}.cov tr.exc{background:#eee;color:#777}.cov .b{color:#555}";

    public static void Append(StringBuilder html, FileCoverage coverage, IReadOnlyList<string> source)
    {
        html.Append($"<h2 id=\"coverage\">Coverage of <code>{E(coverage.File)}</code></h2>");
        html.Append(coverage.Scope is null ? "<p>" : $"<p>Of the {coverage.Scope.Count} functions the model renders (grey: not modelled): ");
        html.Append($"lines {coverage.LinesHit}/{coverage.LinesTotal} ({FileCoverage.Percent(coverage.LinesHit, coverage.LinesTotal):0.0}%), ");
        html.Append($"branches {coverage.BranchesTaken}/{coverage.BranchesTotal} ({FileCoverage.Percent(coverage.BranchesTaken, coverage.BranchesTotal):0.0}%)");
        int excepted = coverage.Exceptions.Count(e => coverage.BlobId.StartsWith(e.BlobPrefix, StringComparison.Ordinal));
        html.Append(excepted > 0 ? $", {excepted} documented exception(s).</p>" : ".</p>");
        var byLine = coverage.Lines.ToDictionary(l => l.Line);
        html.Append("<table class=\"cov\">");
        for (int i = 0; i < source.Count; i++)
        {
            int number = i + 1;
            var exception = coverage.Exceptions.FirstOrDefault(e => e.Covers(coverage.BlobId, number));
            string cls = "", count = "", branches = "";
            if (byLine.TryGetValue(number, out var line))
            {
                count = line.Count.ToString();
                branches = string.Concat(line.Branches.Select(b => b > 0 ? "✓" : "✗"));
                bool outOfScope = coverage.Scope is not null && !coverage.Scope.Contains(line.Function);
                cls = exception is not null || outOfScope ? "exc" : line.Count == 0 ? "miss" : line.Branches.Any(b => b == 0) ? "part" : "hit";
            }
            var title = exception is not null ? $" title=\"not reachable: {E(exception.Reason)}\"" : "";
            html.Append($"<tr class=\"{cls}\"{title}><td class=\"n\">{number}</td><td class=\"c\">{count}</td><td class=\"b\">{branches}</td><td>{E(source[i])}</td></tr>");
        }
        html.Append("</table>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
