using System.Net;
using System.Text;

namespace Conformance.Reports;

/// <summary>
/// Sentences into HTML: encoded, and their Markdown code spans (<c>`x`</c>, how the sentences
/// mark code) as <c>&lt;code&gt;</c>, so no backtick reaches the page.
/// </summary>
public static class HtmlText
{
    public static string Inline(string sentence)
    {
        var html = new StringBuilder();
        var parts = sentence.Split('`');
        for (int i = 0; i < parts.Length; i++)
        {
            bool code = i % 2 == 1 && i < parts.Length - 1;       // an unpaired last backtick stays text
            if (code)
                html.Append("<code>").Append(WebUtility.HtmlEncode(parts[i])).Append("</code>");
            else
                html.Append(WebUtility.HtmlEncode(i % 2 == 1 ? "`" + parts[i] : parts[i]));
        }
        return html.ToString();
    }

    /// <summary>A finding's source line quoted, and the shortest vector that shows it, folded.</summary>
    public static string Evidence(string? quote, MinimalVector? reproducer)
    {
        var html = new StringBuilder();
        if (quote is not null)
            html.Append("<pre class=\"quote\">").Append(WebUtility.HtmlEncode(quote)).Append("</pre>");
        if (reproducer?.Csv() is { Count: > 0 } csv)
            html.Append($"<details><summary>The shortest vector that shows it ({csv.Count - 1} rows of {WebUtility.HtmlEncode(reproducer.File)})</summary><pre>")
                .Append(WebUtility.HtmlEncode(string.Join('\n', csv))).Append("</pre></details>");
        return html.ToString();
    }
}
