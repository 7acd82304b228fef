namespace Conformance.Observation;

/// <summary>
/// The canonical domain text of a snapshot, as vectors' <c>expect_domains</c> and every report
/// write it: each mapped resource (or one whose lists still hold domains) in enum order as <c>NAME[id:cpulist ...]</c> (<c>NAME~[...]</c>
/// when not alloc_capable), one space apart; a domain whose type is not the control type or whose
/// rid is not its resource's carries <c>!type=T,rid=R</c>; nothing mapped is <c>-</c>. A
/// mon_capable resource adds its monitor domains in braces: <c>L3[0:0-3]{0:0-3}</c>.
/// Example: <c>L3[0:0-3 1:4-7] MBA~[]</c>.
/// </summary>
public static class DomainText
{
    /// <summary>After a resource's name (and '~'): CDP is enabled on it.</summary>
    public const string CdpFlag = "+cdp";

    public const string NothingMapped = "-";

    public static string Format(StateSnapshot snapshot)
    {
        var text = Utf8TextBuilder.Acquire();
        Append(text, snapshot);
        return Utf8TextBuilder.Release(text);
    }

    /// <summary>The canonical text of a snapshot's domains, appended as UTF-8.</summary>
    public static void Append(Utf8TextBuilder text, StateSnapshot snapshot) => Append(text, snapshot, default);

    /// <summary>Likewise, noting in <paramref name="lists"/> (by slot, when not empty) where each listed domain's cpulist went in the text.</summary>
    internal static void Append(Utf8TextBuilder text, StateSnapshot snapshot, Span<(int Start, int Length)> lists)
    {
        int start = text.Length;
        var resources = snapshot.Resources.AsSpan();
        for (int r = 0; r < resources.Length; r++)
        {
            if (!resources[r].Shown)
                continue;
            if (text.Length > start)
                text.Append(' ');
            AppendResource(text, snapshot, r, lists);
        }
        if (text.Length == start)
            text.Append(NothingMapped);
    }

    /// <summary>One resource's part, mapped or not (a diff names the resource that differs).</summary>
    public static string FormatResource(StateSnapshot snapshot, int resourceIndex)
    {
        var text = Utf8TextBuilder.Acquire();
        AppendResource(text, snapshot, resourceIndex, default);
        return Utf8TextBuilder.Release(text);
    }

    private static void AppendResource(Utf8TextBuilder text, StateSnapshot snapshot, int r, Span<(int Start, int Length)> lists)
    {
        ref var resource = ref snapshot.Resources[r];
        AppendResourceHead(text, snapshot.Profile.NameOf(resource.Rid), resource.AllocCapable, resource.CdpEnabled);
        for (int d = resource.FirstDomain; d < resource.FirstDomain + resource.DomainCount; d++)
        {
            if (d > resource.FirstDomain)
                text.Append(' ');
            AppendListed(text, snapshot, d, DomainType.Control, resource.Rid, lists);
        }
        text.Append(']');
        if (!resource.MonCapable && resource.MonCount == 0)
            return;
        text.Append('{');
        for (int d = resource.FirstMonDomain; d < resource.FirstMonDomain + resource.MonCount; d++)
        {
            if (d > resource.FirstMonDomain)
                text.Append(' ');
            AppendListed(text, snapshot, d, DomainType.Monitor, resource.Rid, lists);
        }
        text.Append('}');
    }

    // A snapshot's domain: its cpulist as the snapshot keeps it while the mask stays.
    private static void AppendListed(Utf8TextBuilder text, StateSnapshot snapshot, int d, int listType, int resourceRid,
        Span<(int Start, int Length)> lists)
    {
        ref var domain = ref snapshot.Domains[d];
        var cpus = snapshot.CpuListText(d);
        // One reservation for the id, the colon and the cpulist: a recorded step writes every domain.
        var room = text.Reserve(Utf8TextBuilder.MaxIntBytes + 1 + cpus.Length);
        int n = Utf8TextBuilder.WriteDecimal(room, domain.Id);
        room[n++] = (byte)':';
        if (!lists.IsEmpty)
            lists[d] = (text.Length + n, cpus.Length);
        cpus.CopyTo(room[n..]);
        text.Advance(n + cpus.Length);
        AppendMismatch(text, domain.Type, domain.Rid, listType, resourceRid);
    }

    /// <summary>A resource's name, its flags and the '[' its control domains follow.</summary>
    internal static void AppendResourceHead(Utf8TextBuilder text, string name, bool allocCapable, bool cdpEnabled)
    {
        text.Append(name);
        if (!allocCapable)
            text.Append('~');
        if (cdpEnabled)
            text.Append(CdpFlag);
        text.Append('[');
    }

    internal static void AppendDomain(Utf8TextBuilder text, int id, ReadOnlySpan<ulong> mask, int type, int rid, int resourceRid,
        int listType = DomainType.Control)
    {
        text.Append(id).Append(':');
        CpuList.Append(text, mask);
        AppendMismatch(text, type, rid, listType, resourceRid);
    }

    private static void AppendMismatch(Utf8TextBuilder text, int type, int rid, int listType, int resourceRid)
    {
        if (type != listType || rid != resourceRid)
            text.Append("!type=").Append(type).Append(",rid=").Append(rid);
    }
}
