using System.Text;

namespace Conformance.Observation;

/// <summary>A domain as the canonical text names it.</summary>
public sealed record ListedDomain(int Id, ulong[] Mask, int Type, int Rid);

/// <summary>A mapped resource as the canonical text names it.</summary>
/// <remarks><paramref name="MonDomains"/> is null when the text has no braces: not mon_capable and no monitor domain listed.</remarks>
public sealed record ListedResource(int Rid, bool AllocCapable, IReadOnlyList<ListedDomain> Domains, bool CdpEnabled = false,
    IReadOnlyList<ListedDomain>? MonDomains = null);

/// <summary>
/// Parsed canonical domain text (see <see cref="DomainText"/>): what an <c>expect_domains</c>
/// cell says. <see cref="Matches"/> compares it with a snapshot without allocating.
/// </summary>
public sealed class DomainListing(IReadOnlyList<ListedResource> resources)
{
    public IReadOnlyList<ListedResource> Resources { get; } = resources;

    public bool Matches(StateSnapshot snapshot)
    {
        int next = 0;
        var resources = snapshot.Resources.AsSpan();
        for (int r = 0; r < resources.Length; r++)
        {
            if (!resources[r].Shown)
                continue;
            if (next >= Resources.Count || !Matches(Resources[next++], snapshot, r))
                return false;
        }
        return next == Resources.Count;
    }

    private static bool Matches(ListedResource listed, StateSnapshot snapshot, int r)
    {
        ref var resource = ref snapshot.Resources[r];
        if (listed.Rid != resource.Rid || listed.AllocCapable != resource.AllocCapable || listed.CdpEnabled != resource.CdpEnabled
            || listed.Domains.Count != resource.DomainCount)
            return false;
        bool braces = resource.MonCapable || resource.MonCount > 0;
        if ((listed.MonDomains is not null) != braces || (listed.MonDomains?.Count ?? 0) != resource.MonCount)
            return false;
        return Matches(listed.Domains, snapshot, resource.FirstDomain)
            && (listed.MonDomains is null || Matches(listed.MonDomains, snapshot, resource.FirstMonDomain));
    }

    private static bool Matches(IReadOnlyList<ListedDomain> listed, StateSnapshot snapshot, int first)
    {
        for (int i = 0; i < listed.Count; i++)
        {
            var want = listed[i];
            ref var have = ref snapshot.Domains[first + i];
            if (want.Id != have.Id || want.Type != have.Type || want.Rid != have.Rid
                || !MasksEqual(want.Mask, snapshot.MaskOf(first + i)))
                return false;
        }
        return true;
    }

    /// <summary>Equal as sets of CPUs, whatever the two masks' lengths.</summary>
    public static bool MasksEqual(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int common = Math.Min(a.Length, b.Length);
        return a[..common].SequenceEqual(b[..common])
            && a[common..].IndexOfAnyExcept(0UL) < 0 && b[common..].IndexOfAnyExcept(0UL) < 0;
    }

    /// <summary>The canonical text again.</summary>
    public string Format(ResourceProfile profile)
    {
        if (Resources.Count == 0)
            return DomainText.NothingMapped;
        var text = Utf8TextBuilder.Acquire();
        foreach (var resource in Resources)
        {
            if (text.Length > 0)
                text.Append(' ');
            DomainText.AppendResourceHead(text, profile.NameOf(resource.Rid), resource.AllocCapable, resource.CdpEnabled);
            for (int i = 0; i < resource.Domains.Count; i++)
            {
                if (i > 0)
                    text.Append(' ');
                var d = resource.Domains[i];
                DomainText.AppendDomain(text, d.Id, d.Mask, d.Type, d.Rid, resource.Rid);
            }
            text.Append(']');
            if (resource.MonDomains is { } monitors)
            {
                text.Append('{');
                for (int i = 0; i < monitors.Count; i++)
                {
                    if (i > 0)
                        text.Append(' ');
                    var d = monitors[i];
                    DomainText.AppendDomain(text, d.Id, d.Mask, d.Type, d.Rid, resource.Rid, DomainType.Monitor);
                }
                text.Append('}');
            }
        }
        return Utf8TextBuilder.Release(text);
    }

    public override string ToString() => Format(ResourceProfile.Default);

    /// <summary>Parses canonical domain text. Throws <see cref="TextFormatException"/> with the offset.</summary>
    public static DomainListing Parse(string text, ResourceProfile profile) => new DomainTextParser(text, profile).Parse();
}
