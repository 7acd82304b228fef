using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// Leaks as facts: one finding per allocating site and resource, its count the allocations that
/// site leaked for that resource, so a leak that grows by one per online stays one finding, and two
/// bugs leaking at one site (a duplicate id, a resource that is not alloc_capable) are two.
/// </summary>
/// <remarks>
/// The counts in a snapshot say whether anything leaked; only then are the sides asked which
/// allocations (a walk of every live one), so a step that leaks nothing costs nothing here; and
/// they are asked again only when an allocation, a free or a list's members changed (<see cref="LeakMemo"/>),
/// so a scenario that leaks at every online does not walk ever more allocations at every step.
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
        ResourceProfile profile, List<RawFinding> referenceInto, List<RawFinding> modelInto, LeakMemo memo)
    {
        bool referenceLeaks = Excess(referenceState) > 0, modelLeaks = Excess(modelState) > 0;
        if (!referenceLeaks && !modelLeaks)
        {
            memo.Forget();
            return;
        }
        // Which allocations leaked changes only with an allocation, a free, a held context or a
        // list's members: while neither side changed those, the last step's leaks are this one's.
        var keys = (LeakMemo.KeyOf(referenceState), LeakMemo.KeyOf(modelState));
        if (memo.Holds(keys) && LeakMemo.MembersKept(referenceState) && LeakMemo.MembersKept(modelState))
        {
            referenceInto.AddRange(memo.Reference);
            modelInto.AddRange(memo.Model);
            return;
        }
        memo.Remember(keys);
        var modelLeaked = modelLeaks ? model.UnlistedAllocations() : [];
        if (modelLeaks)
            Add(modelLeaked, profile, memo.Model);
        if (referenceLeaks)
        {
            var resourceOf = modelLeaked.ToDictionary(a => a.Token, a => (a.Rid, a.Call));
            var leaked = reference.UnlistedAllocations()
                .Select(a => resourceOf.TryGetValue(a.Token, out var m) ? a with { Rid = m.Rid, Call = m.Call } : a)
                .ToList();
            Add(leaked, profile, memo.Reference);
        }
        referenceInto.AddRange(memo.Reference);
        modelInto.AddRange(memo.Model);
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

/// <summary>
/// The leaks found at the last step they were looked for, and what both sides' allocations and
/// lists were then. Without it, once something leaked every later step walked every live
/// allocation on both sides: a scenario that leaks at each online cost the square of its steps.
/// </summary>
public sealed class LeakMemo
{
    private (Key Reference, Key Model)? _keys;

    internal List<RawFinding> Reference { get; } = [];
    internal List<RawFinding> Model { get; } = [];

    /// <summary>A new scenario, or a step where nothing leaks: nothing is remembered.</summary>
    public void Forget() => _keys = null;

    internal bool Holds((Key, Key) keys) => _keys == keys;

    internal void Remember((Key, Key) keys)
    {
        _keys = keys;
        Reference.Clear();
        Model.Clear();
    }

    // Allocations made and freed, live, held as contexts and on the lists: a domain taken off a
    // list and not freed changes the last even when nothing is allocated or freed.
    internal readonly record struct Key(ulong AllocsTotal, ulong FreesTotal, uint AllocsLive, uint ContextsHeld, long Listed);

    internal static Key KeyOf(StateSnapshot s) =>
        new(s.Counters.AllocsTotal, s.Counters.FreesTotal, s.Counters.AllocsLive, s.Lifecycle.ContextsHeld, LeakFacts.Listed(s));

    // The snapshot kept the last fill's domains and no domain joined or left a list: one domain
    // swapped for another on a list leaves every count as it was.
    internal static bool MembersKept(StateSnapshot s) => s.DomainsKept && s.InsertedSlots.IsEmpty && s.Removed.IsEmpty;
}
