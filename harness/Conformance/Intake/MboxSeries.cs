using System.Text.RegularExpressions;

namespace Conformance.Intake;

/// <summary>
/// A series of patch mails (git format-patch, b4 am), possibly out of order in one mbox: each
/// message's place in the series comes from its subject's [PATCH vN M/T].
/// </summary>
public static partial class MboxSeries
{
    public sealed record Message(string Subject, int Position, IReadOnlyList<PatchDocument> Parts);

    /// <summary>Series positions beyond this are not a series but a corrupt subject.</summary>
    public const int MaxPosition = 9999;

    /// <summary>The documents grouped by message, in series order (a stable sort keeps equal positions as they came).</summary>
    public static IReadOnlyList<Message> Order(string file, IReadOnlyList<PatchDocument> documents) =>
        documents.GroupBy(d => d.Message)
            .Select(g =>
            {
                var first = g.First();
                string subject = first.Subject ?? "";
                var m = Position().Match(subject);
                int position = 1;
                if (m.Success && (!int.TryParse(m.Groups[1].Value, out position) || position > MaxPosition))
                    throw new IntakeException(file, first.SubjectLine,
                        $"a series position [PATCH n/m] with n of at most {MaxPosition}, got {PatchText.Readable(m.Groups[1].Value)}");
                return new Message(subject, position, g.ToList());
            })
            .OrderBy(m => m.Position)
            .ToList();

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

    [GeneratedRegex(@"\[[^\]]*?(\d+)/\d+\]")]
    private static partial Regex Position();
}
