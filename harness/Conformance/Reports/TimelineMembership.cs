using Conformance.Observation;

namespace Conformance.Reports;

/// <summary>Which domain each CPU is in after one step on one side, per resource, from its canonical domain text.</summary>
public sealed class TimelineMembership
{
    // Per resource listed: each CPU's domain id by CPU number, or null for none (an array as long as the masks' bits).
    private readonly Dictionary<int, int?[]> _domains = [];

    public int? DomainOf(int rid, int cpu) => _domains.TryGetValue(rid, out var ids) && cpu < ids.Length ? ids[cpu] : null;

    public static TimelineMembership Of(string domainText, ResourceProfile profile)
    {
        var m = new TimelineMembership();
        if (Parse(domainText, profile) is not { } listing)
            return m;                                               // a side that died has no state to draw
        foreach (var resource in listing.Resources)
        {
            var ids = new int?[resource.Domains.Count == 0 ? 0 : resource.Domains.Max(d => d.Mask.Length) * 64];
            foreach (var domain in resource.Domains)
                for (int cpu = CpuMaskBits.Next(domain.Mask, 0); cpu >= 0; cpu = CpuMaskBits.Next(domain.Mask, cpu + 1))
                    ids[cpu] = domain.Id;
            _ = m._domains.TryAdd(resource.Rid, ids);
        }
        return m;
    }

    /// <summary>The listing of a side's domain text, or null for a text that is not one (a side that died).</summary>
    public static DomainListing? Parse(string domainText, ResourceProfile profile)
    {
        try { return DomainListing.Parse(domainText, profile); }
        catch (TextFormatException) { return null; }
    }
}
