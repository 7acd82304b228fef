using System.Net;
using System.Text.RegularExpressions;

namespace Conformance.Intake;

/// <summary>
/// A mailing-list archive page saved from a browser (pipermail, lore): the message is the text
/// of its &lt;pre&gt; blocks, with the markup the archive added (links, quote highlighting)
/// removed and entities decoded. Tags inside a &lt;pre&gt; do not span lines, so line numbers
/// stay the page's own.
/// </summary>
public static partial class HtmlPage
{
    public static bool Is(byte[] bytes)
    {
        var head = PatchText.Decode(bytes[..Math.Min(bytes.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (head.StartsWith("\u00EF\u00BB\u00BF", StringComparison.Ordinal))
            head = head[3..].TrimStart();                           // a UTF-8 byte order mark, read as Latin-1
        return head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    public static PatchDocument Text(string file, byte[] bytes)
    {
        // Pages are UTF-8; entities decode to Unicode, and intake's text is bytes again after.
        var page = System.Text.Encoding.UTF8.GetString(bytes);
        var lines = new List<SourceLine>();
        foreach (Match pre in Pre().Matches(page))
        {
            var body = pre.Groups[1];
            int first = 1 + page.AsSpan(0, body.Index).Count('\n');
            var text = PatchText.Decode(System.Text.Encoding.UTF8.GetBytes(WebUtility.HtmlDecode(Tag().Replace(body.Value, ""))));
            var split = MailInput.WithoutLastNewline(PatchText.Lines(text));
            for (int i = 0; i < split.Count; i++)
                lines.Add(new SourceLine(split[i], first + i));
        }
        if (lines.Count == 0)
            throw new IntakeException(file, 0, "an archive page with the message in a <pre> block (as pipermail and lore write it), but this HTML page has none");
        return new PatchDocument(file, 0, null, 0, lines);
    }

    [GeneratedRegex(@"<pre\b[^>]*>(.*?)</pre\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Pre();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();
}
