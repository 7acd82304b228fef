using System.Text.RegularExpressions;

namespace Conformance.Intake;

/// <summary>
/// A git format-patch / b4 am mbox: one message per patch, possibly a whole series in one file
/// and in any order. Each message's position comes from its subject's [PATCH vN M/T].
/// </summary>
public static partial class MboxSeries
{
    public sealed record Message(string Subject, int Position, IReadOnlyList<SourceLine> Body);

    public static bool IsMbox(IReadOnlyList<string> lines) => lines.Count > 0 && FromLine().IsMatch(lines[0]);

    public static IReadOnlyList<Message> Split(IReadOnlyList<string> lines)
    {
        var messages = new List<Message>();
        int start = 0;
        for (int i = 1; i <= lines.Count; i++)
            if (i == lines.Count || FromLine().IsMatch(lines[i]))
            {
                messages.Add(Read(lines, start, i));
                start = i;
            }
        // Series order, not file order; a stable sort keeps equal positions as they came.
        return messages.OrderBy(m => m.Position).ToList();
    }

    private static Message Read(IReadOnlyList<string> lines, int from, int to)
    {
        string subject = "";
        int i = from + 1;
        for (; i < to && lines[i].Length > 0; i++)
            if (lines[i].StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
            {
                subject = lines[i]["Subject:".Length..].Trim();
                while (i + 1 < to && lines[i + 1].StartsWith(' '))   // folded header
                    subject += lines[++i].TrimEnd();
            }
        var body = new List<SourceLine>();
        for (; i < to; i++)
            body.Add(new SourceLine(lines[i], i + 1));
        var m = Position().Match(subject);
        return new Message(subject, m.Success ? int.Parse(m.Groups[1].Value) : 1, body);
    }

    [GeneratedRegex(@"^From \S+ ")]
    private static partial Regex FromLine();

    [GeneratedRegex(@"\[[^\]]*?(\d+)/\d+\]")]
    private static partial Regex Position();
}
