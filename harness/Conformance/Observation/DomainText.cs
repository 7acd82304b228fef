using System.Globalization;
using System.Text;

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
        var text = TextBuilder.Acquire();
        var resources = snapshot.Resources.AsSpan();
        for (int r = 0; r < resources.Length; r++)
        {
            if (!resources[r].Shown)
                continue;
            if (text.Length > 0)
                text.Append(' ');
            AppendResource(text, snapshot, r);
        }
        return text.Length == 0 ? NothingMapped : TextBuilder.Release(text);
    }

    /// <summary>One resource's part, mapped or not (a diff names the resource that differs).</summary>
    public static string FormatResource(StateSnapshot snapshot, int resourceIndex)
    {
        var text = new StringBuilder();
        AppendResource(text, snapshot, resourceIndex);
        return text.ToString();
    }

    private static void AppendResource(StringBuilder text, StateSnapshot snapshot, int r)
    {
        ref var resource = ref snapshot.Resources[r];
        text.Append(snapshot.Profile.NameOf(resource.Rid));
        if (!resource.AllocCapable)
            text.Append('~');
        if (resource.CdpEnabled)
            text.Append(CdpFlag);
        text.Append('[');
        for (int d = resource.FirstDomain; d < resource.FirstDomain + resource.DomainCount; d++)
        {
            if (d > resource.FirstDomain)
                text.Append(' ');
            ref var domain = ref snapshot.Domains[d];
            AppendDomain(text, domain.Id, snapshot.CpuListOf(d), domain.Type, domain.Rid, resource.Rid);
        }
        text.Append(']');
        if (!resource.MonCapable && resource.MonCount == 0)
            return;
        text.Append('{');
        for (int d = resource.FirstMonDomain; d < resource.FirstMonDomain + resource.MonCount; d++)
        {
            if (d > resource.FirstMonDomain)
                text.Append(' ');
            ref var domain = ref snapshot.Domains[d];
            AppendDomain(text, domain.Id, snapshot.CpuListOf(d), domain.Type, domain.Rid, resource.Rid, DomainType.Monitor);
        }
        text.Append('}');
    }

    internal static void AppendDomain(StringBuilder text, int id, ReadOnlySpan<ulong> mask, int type, int rid, int resourceRid,
        int listType = DomainType.Control)
    {
        text.Append(CultureInfo.InvariantCulture, $"{id}:");
        CpuList.Append(text, mask);
        AppendMismatch(text, type, rid, listType, resourceRid);
    }

    private static void AppendDomain(StringBuilder text, int id, string cpuList, int type, int rid, int resourceRid,
        int listType = DomainType.Control)
    {
        Span<char> head = stackalloc char[12];
        id.TryFormat(head, out int n, default, CultureInfo.InvariantCulture);
        head[n++] = ':';
        text.Append(head[..n]).Append(cpuList);
        AppendMismatch(text, type, rid, listType, resourceRid);
    }

    private static void AppendMismatch(StringBuilder text, int type, int rid, int listType, int resourceRid)
    {
        if (type != listType || rid != resourceRid)
            text.Append(CultureInfo.InvariantCulture, $"!type={type},rid={rid}");
    }
}
