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

    /// <summary>Series positions beyond this are not a series but a corrupt subject.</summary>
    public const int MaxPosition = 9999;

    public static IReadOnlyList<Message> Split(string file, IReadOnlyList<string> lines)
    {
        var messages = new List<Message>();
        int start = 0;
        for (int i = 1; i <= lines.Count; i++)
            if (i == lines.Count || FromLine().IsMatch(lines[i]))
            {
                messages.Add(Read(file, lines, start, i));
                start = i;
            }
        // Series order, not file order; a stable sort keeps equal positions as they came.
        return messages.OrderBy(m => m.Position).ToList();
    }

    /// <summary>
    /// How many messages (in series order) to take to stop after the one <paramref name="upTo"/>
    /// names: its number, or a piece of its subject; null when none matches.
    /// </summary>
    public static int? CutAfter(IReadOnlyList<Message> messages, string upTo)
    {
        int index = int.TryParse(upTo, out var number)
            ? messages.ToList().FindLastIndex(m => m.Position == number)
            : messages.ToList().FindIndex(m => m.Subject.Contains(upTo, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index + 1;
    }

    private static Message Read(string file, IReadOnlyList<string> lines, int from, int to)
    {
        string subject = "";
        int subjectLine = from + 1;
        int i = from + 1;
        for (; i < to && lines[i].Length > 0; i++)
            if (lines[i].StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
            {
                subjectLine = i + 1;
                subject = lines[i]["Subject:".Length..].Trim();
                while (i + 1 < to && lines[i + 1].StartsWith(' '))   // folded header
                    subject += lines[++i].TrimEnd();
            }
        var body = new List<SourceLine>();
        for (; i < to; i++)
            body.Add(new SourceLine(lines[i], i + 1));
        var m = Position().Match(subject);
        int position = 1;
        if (m.Success && (!int.TryParse(m.Groups[1].Value, out position) || position > MaxPosition))
            throw new IntakeException(file, subjectLine,
                $"a series position [PATCH n/m] with n of at most {MaxPosition}, got {PatchText.Readable(m.Groups[1].Value)}");
        return new Message(subject, position, body);
    }

    [GeneratedRegex(@"^From \S+ ")]
    private static partial Regex FromLine();

    [GeneratedRegex(@"\[[^\]]*?(\d+)/\d+\]")]
    private static partial Regex Position();
}
