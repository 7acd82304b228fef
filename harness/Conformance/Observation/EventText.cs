using System.Globalization;
using System.Text;

namespace Conformance.Observation;

/// <summary>An event as an expectation names it: no sequence number, no mask weight.</summary>
public readonly record struct ExpectedEvent(FsEventKind Kind, int Rid, int DomainId, int Cpu)
{
    public bool Matches(in EventObservation e) =>
        e.Kind == Kind && e.Rid == Rid && e.DomainId == DomainId && e.Cpu == Cpu;
}

/// <summary>
/// Filesystem-side events as text: <c>online_ctrl_domain(L3,1)</c>, <c>offline_ctrl_domain(L3,1)</c>,
/// <c>online_cpu(5)</c>, <c>offline_cpu(5)</c>, <c>online_mon_domain(L3,1)</c>, <c>offline_mon_domain(L3,1)</c>,
/// <c>resctrl_init()</c>, <c>resctrl_exit()</c>; a list is space-separated, <c>-</c> when empty.
/// </summary>
public static class EventText
{
    public const string None = "-";

    public static string KindName(FsEventKind kind) => kind switch
    {
        FsEventKind.OnlineCtrlDomain => "online_ctrl_domain",
        FsEventKind.OfflineCtrlDomain => "offline_ctrl_domain",
        FsEventKind.OnlineCpu => "online_cpu",
        FsEventKind.OfflineCpu => "offline_cpu",
        FsEventKind.OnlineMonDomain => "online_mon_domain",
        FsEventKind.OfflineMonDomain => "offline_mon_domain",
        FsEventKind.ResctrlInit => "resctrl_init",
        FsEventKind.ResctrlExit => "resctrl_exit",
        _ => $"event{(int)kind}",
    };

    public static string Format(in EventObservation e, ResourceProfile profile) =>
        Format(new ExpectedEvent(e.Kind, e.Rid, e.DomainId, e.Cpu), profile);

    public static string Format(ExpectedEvent e, ResourceProfile profile) =>
        Utf8TextBuilder.Release(Append(Utf8TextBuilder.Acquire(), e, profile));

    // One event's text, appended: a recorded step's events are written without a string each.
    private static Utf8TextBuilder Append(Utf8TextBuilder text, ExpectedEvent e, ResourceProfile profile)
    {
        text.Append(KindName(e.Kind)).Append('(');
        if (NamesADomain(e.Kind))
            text.Append(profile.NameOf(e.Rid)).Append(',').Append(e.DomainId);
        else if (e.Kind is not (FsEventKind.ResctrlInit or FsEventKind.ResctrlExit))
            text.Append(e.Cpu);
        return text.Append(')');
    }

    private static bool NamesADomain(FsEventKind kind) =>
        kind is FsEventKind.OnlineCtrlDomain or FsEventKind.OfflineCtrlDomain or FsEventKind.OnlineMonDomain or FsEventKind.OfflineMonDomain;

    public static string FormatList(ReadOnlySpan<EventObservation> events, ResourceProfile profile)
    {
        var text = Utf8TextBuilder.Acquire();
        AppendList(text, events, profile);
        return Utf8TextBuilder.Release(text);
    }

    /// <summary>A step's events, space-separated (<c>-</c> for none), appended as UTF-8.</summary>
    public static void AppendList(Utf8TextBuilder text, ReadOnlySpan<EventObservation> events, ResourceProfile profile)
    {
        if (events.IsEmpty)
        {
            text.Append(None);
            return;
        }
        int start = text.Length;
        foreach (ref readonly var e in events)
            Append(text.Length > start ? text.Append(' ') : text, new ExpectedEvent(e.Kind, e.Rid, e.DomainId, e.Cpu), profile);
    }

    public static string FormatList(IEnumerable<ExpectedEvent> events, ResourceProfile profile)
    {
        var text = string.Join(' ', events.Select(e => Format(e, profile)));
        return text.Length == 0 ? None : text;
    }

    /// <summary>Parses a space-separated list or <c>-</c>. Throws <see cref="TextFormatException"/>.</summary>
    public static IReadOnlyList<ExpectedEvent> ParseList(string text, ResourceProfile profile)
    {
        var events = new List<ExpectedEvent>();
        if (text == None)
            return events;
        int i = 0;
        while (true)
        {
            events.Add(ParseOne(text, ref i, profile));
            if (i == text.Length)
                return events;
            if (text[i] != ' ')
                throw new TextFormatException(i, "one space before the next event");
            i++;
        }
    }

    private static ExpectedEvent ParseOne(string text, ref int i, ResourceProfile profile)
    {
        int start = i;
        while (i < text.Length && (char.IsAsciiLetterLower(text[i]) || text[i] == '_'))
            i++;
        var kind = text[start..i] switch
        {
            "online_ctrl_domain" => FsEventKind.OnlineCtrlDomain,
            "offline_ctrl_domain" => FsEventKind.OfflineCtrlDomain,
            "online_cpu" => FsEventKind.OnlineCpu,
            "offline_cpu" => FsEventKind.OfflineCpu,
            "online_mon_domain" => FsEventKind.OnlineMonDomain,
            "offline_mon_domain" => FsEventKind.OfflineMonDomain,
            "resctrl_init" => FsEventKind.ResctrlInit,
            "resctrl_exit" => FsEventKind.ResctrlExit,
            _ => throw new TextFormatException(start,
                "an event: online_ctrl_domain(R,ID), offline_ctrl_domain(R,ID), online_cpu(N), offline_cpu(N), " +
                "online_mon_domain(R,ID), offline_mon_domain(R,ID), resctrl_init(), resctrl_exit(), or - for none"),
        };
        Expect(text, ref i, '(');
        ExpectedEvent result;
        if (kind is FsEventKind.ResctrlInit or FsEventKind.ResctrlExit)
            result = new ExpectedEvent(kind, -1, -1, -1);
        else if (NamesADomain(kind))
        {
            int nameStart = i;
            while (i < text.Length && text[i] != ',' && text[i] != ')' && text[i] != ' ')
                i++;
            int rid = profile.IndexOf(text[nameStart..i]);
            if (rid < 0)
                throw new TextFormatException(nameStart, $"a resource name ({string.Join(", ", profile.Names)})");
            Expect(text, ref i, ',');
            result = new ExpectedEvent(kind, rid, ReadInt(text, ref i, "a domain id"), -1);
        }
        else
        {
            result = new ExpectedEvent(kind, -1, -1, ReadInt(text, ref i, "a CPU number"));
        }
        Expect(text, ref i, ')');
        return result;
    }

    internal static void Expect(string text, ref int i, char c)
    {
        if (i >= text.Length || text[i] != c)
            throw new TextFormatException(i, $"'{c}'");
        i++;
    }

    internal static int ReadInt(string text, ref int i, string what)
    {
        int start = i;
        if (i < text.Length && text[i] == '-')
            i++;
        int digits = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        if (i == digits || !int.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            throw new TextFormatException(start, what);
        return value;
    }
}
