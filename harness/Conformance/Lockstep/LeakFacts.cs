using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// Leaks as facts: one finding per allocating site and resource, its count the allocations that
/// site leaked for that resource, so a leak that grows by one per online stays one finding, and two
/// bugs leaking at one site (a duplicate id, a resource that is not alloc_capable) are two.
/// </summary>
/// <remarks>
/// The counts in a snapshot say whether anything leaked; only then are the sides asked which
/// allocations (a walk of every live one), so a step that leaks nothing costs nothing here.
/// The C side knows the site's line (the stand-ins see <c>__LINE__</c>) but not what the memory
/// was for; the model knows the resource it allocated for. The same token is the same allocation
/// on both sides (tokens count allocations since reset), so the C side's leak takes its resource
/// from the model's allocation of that token, when the model has leaked it too.
/// </remarks>
public static class LeakFacts
{
    /// <summary>The allocations a snapshot's lists hold: one per domain, the control and monitor domain of a resource sharing one (mpam_resctrl_dom).</summary>
    public static long Listed(StateSnapshot s)
    {
        long listed = 0;
        foreach (ref readonly var res in s.Resources.AsSpan())
            listed += Math.Max(res.DomainCount, res.MonCount);
        return listed;
    }

    /// <summary>Live allocations beyond the listed domains and held monitor contexts.</summary>
    public static long Excess(StateSnapshot s) => s.Counters.AllocsLive - s.Lifecycle.ContextsHeld - Listed(s);

    public static void Collect(IMpamSide reference, StateSnapshot referenceState, IMpamSide model, StateSnapshot modelState,
        ResourceProfile profile, List<RawFinding> referenceInto, List<RawFinding> modelInto)
    {
        bool referenceLeaks = Excess(referenceState) > 0, modelLeaks = Excess(modelState) > 0;
        if (!referenceLeaks && !modelLeaks)
            return;
        var modelLeaked = modelLeaks ? model.UnlistedAllocations() : [];
        if (modelLeaks)
            Add(modelLeaked, profile, modelInto);
        if (referenceLeaks)
        {
            var resourceOf = modelLeaked.ToDictionary(a => a.Token, a => (a.Rid, a.Call));
            var leaked = reference.UnlistedAllocations()
                .Select(a => resourceOf.TryGetValue(a.Token, out var m) ? a with { Rid = m.Rid, Call = m.Call } : a)
                .ToList();
            Add(leaked, profile, referenceInto);
        }
    }

    private static void Add(IReadOnlyList<UnlistedAllocation> leaked, ResourceProfile profile, List<RawFinding> into)
    {
        foreach (var site in leaked.GroupBy(a => (a.Site, a.Rid)))
        {
            var first = site.First();
            string resource = site.Key.Rid < 0 ? "" : profile.NameOf(site.Key.Rid);
            string what = resource.Length == 0 ? "for no resource the model names" : $"for {resource}";
            into.Add(new RawFinding($"leak:{site.Key.Site}:{resource}", "leak",
                $"Memory {site.Key.Site}() allocates {what} is neither on a list nor freed: leaked.",
                site.Key.Site, first.Call.Length > 0 ? first.Call : null, Count: site.Count(),
                SourceLine: first.Line));
        }
    }
}
