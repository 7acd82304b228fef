namespace Conformance.Intake;

/// <summary>
/// Turns a mailing-list reply that quotes a patch back into the patch's lines. Only quoted lines
/// belong to the patch: the reviewer's own lines (comments, suggested code) are dropped, at any
/// point, even inside a hunk. Quote markers of any depth ("&gt; ", "&gt; &gt; ", "&gt;&gt;") are removed,
/// then one format=flowed stuffing space (a line that began with a space, such as a context line,
/// was sent with one more).
/// </summary>
public static class MailUnquoting
{
    /// <summary>Whether the text quotes a diff at all (else it is read as a plain diff or mbox).</summary>
    public static bool QuotesADiff(IReadOnlyList<SourceLine> lines) =>
        lines.Any(l => l.Text.StartsWith('>') && Unquote(l.Text) is { } u && (u.StartsWith("diff --git ", StringComparison.Ordinal) || u.StartsWith("+++ ", StringComparison.Ordinal)));

    /// <summary>The quoted lines, unquoted, each keeping its line number.</summary>
    public static IReadOnlyList<SourceLine> QuotedLines(IReadOnlyList<SourceLine> lines) =>
        lines.Where(l => l.Text.StartsWith('>')).Select(l => new SourceLine(Unquote(l.Text), l.Number)).ToList();

    private static string Unquote(string line)
    {
        int i = 0;
        // Every '>' is one level; a single space after each is the separator the mailer added.
        while (i < line.Length && line[i] == '>')
        {
            i++;
            if (i < line.Length && line[i] == ' ' && i + 1 < line.Length && line[i + 1] == '>')
                i++;
        }
        var text = line[i..];
        if (text.StartsWith(' '))
            text = text[1..];            // the quote separator
        if (text.StartsWith("  ", StringComparison.Ordinal))
            text = text[1..];            // format=flowed space-stuffing of a line that began with a space
        return text;
    }
}
