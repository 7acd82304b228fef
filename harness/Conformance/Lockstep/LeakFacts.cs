using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// Leaks as facts: one finding per allocating site and resource, its count the allocations that
/// site leaked for that resource, so a leak that grows by one per online stays one finding, and two
/// bugs leaking at one site (a duplicate id, a resource that is not alloc_capable) are two.
/// </summary>
/// <remarks>
/// The counts in a snapshot say whether anything leaked; only then are the sides asked which
/// allocations, so a step that leaks nothing costs nothing here. What leaked changes only with an
/// allocation, a free, a held context or a list's members (<see cref="LeakMemo"/>): while none of
/// those changed, the last answer holds; when only allocations were made, only those are asked
/// about; otherwise the sides walk every live allocation. A scenario that leaks at every online
/// therefore costs what each step allocated, not every allocation so far.
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
    public static long Excess(StateSnapshot s) => LeakMemo.KeyOf(s).Excess;

    public static void Collect(IMpamSide reference, StateSnapshot referenceState, IMpamSide model, StateSnapshot modelState,
        ResourceProfile profile, List<RawFinding> referenceInto, List<RawFinding> modelInto, LeakMemo memo)
    {
        var keys = (Reference: LeakMemo.KeyOf(referenceState), Model: LeakMemo.KeyOf(modelState));
        bool referenceLeaks = keys.Reference.Excess > 0, modelLeaks = keys.Model.Excess > 0;
        if (!referenceLeaks && !modelLeaks)
        {
            memo.Forget();
            return;
        }
        bool membersKept = LeakMemo.MembersKept(referenceState) && LeakMemo.MembersKept(modelState);
        if (!memo.Holds(keys) || !membersKept)
            Ask(reference, referenceLeaks, model, modelLeaks, memo, keys, membersKept);
        if (modelLeaks)
            memo.Model.AddFindings(profile, modelInto);
        if (referenceLeaks)
            memo.Reference.AddFindings(profile, referenceInto);
    }

    // Only allocations made since the last ask: what leaked before still has, and of the new ones
    // only those no list holds are added. Anything else: every live allocation again. (A method
    // of its own: the lambda's closure is made where the method starts, and Collect runs every step.)
    private static void Ask(IMpamSide reference, bool referenceLeaks, IMpamSide model, bool modelLeaks, LeakMemo memo,
        (LeakMemo.Key, LeakMemo.Key) keys, bool membersKept)
    {
        bool onlyAllocated = membersKept && memo.OnlyAllocatedUntil(keys);
        var (referenceAfter, modelAfter) = onlyAllocated ? memo.AllocatedUpTo : (0L, 0L);
        if (!onlyAllocated)
            memo.Clear();
        if (modelLeaks)
            memo.AddModel(model.UnlistedAllocations(modelAfter));
        if (referenceLeaks)
            memo.Reference.Add(reference.UnlistedAllocations(referenceAfter)
                .Select(a => memo.ModelResourceOf(a.Token) is { } m ? a with { Rid = m.Rid, Call = m.Call } : a));
        memo.Remember(keys);
    }
}

/// <summary>
/// What each side had leaked when it was last asked, by allocating site and resource, and what both
/// sides' allocations and lists were then. Without it, once something leaked every later step
/// walked every live allocation on both sides: a scenario that leaks at each online cost the
/// square of its steps.
/// </summary>
public sealed class LeakMemo
{
    private (Key Reference, Key Model)? _keys;
    // The resource and call of each allocation the model leaked, by token: the C side's leak takes them.
    private readonly Dictionary<long, (int Rid, string Call)> _modelByToken = [];

    internal SiteCounts Reference { get; } = new();
    internal SiteCounts Model { get; } = new();

    /// <summary>A new scenario, or a step where nothing leaks: nothing is remembered.</summary>
    public void Forget() => _keys = null;

    internal void Clear()
    {
        Reference.Clear();
        Model.Clear();
        _modelByToken.Clear();
    }

    internal void AddModel(IReadOnlyList<UnlistedAllocation> leaked)
    {
        Model.Add(leaked);
        foreach (var a in leaked)
            _modelByToken[a.Token] = (a.Rid, a.Call);
    }

    internal (int Rid, string Call)? ModelResourceOf(long token) => _modelByToken.TryGetValue(token, out var m) ? m : null;

    // Nothing changed since both sides (those that leak) were last asked.
    internal bool Holds((Key, Key) keys) => _keys == keys;

    // Since the last ask, allocations were made and nothing else changed that says what leaked.
    internal bool OnlyAllocatedUntil((Key Reference, Key Model) keys) =>
        _keys is var (reference, model) && reference.OnlyAllocatedUntil(keys.Reference) && model.OnlyAllocatedUntil(keys.Model);

    /// <summary>The last token each side had made when it was last asked (tokens count allocations).</summary>
    internal (long Reference, long Model) AllocatedUpTo =>
        _keys is var (reference, model) ? ((long)reference.AllocsTotal, (long)model.AllocsTotal) : (0, 0);

    internal void Remember((Key, Key) keys) => _keys = keys;

    // Allocations made, freed and live, held as contexts and on the lists: a domain taken off a
    // list and not freed changes the last even when nothing is allocated or freed. Whether a side
    // leaks follows from them.
    internal readonly record struct Key(ulong AllocsTotal, ulong FreesTotal, uint AllocsLive, uint ContextsHeld, long Listed)
    {
        public long Excess => AllocsLive - ContextsHeld - Listed;

        // Only allocations since, and the side leaks as it did: it was asked (or not) as it would be now.
        public bool OnlyAllocatedUntil(Key now) =>
            now.AllocsTotal > AllocsTotal && now.FreesTotal == FreesTotal && now.ContextsHeld == ContextsHeld && now.Listed == Listed
            && (now.Excess > 0) == (Excess > 0);
    }

    internal static Key KeyOf(StateSnapshot s) =>
        new(s.Counters.AllocsTotal, s.Counters.FreesTotal, s.Counters.AllocsLive, s.Lifecycle.ContextsHeld, LeakFacts.Listed(s));

    // The snapshot kept the last fill's domains and no domain joined or left a list: one domain
    // swapped for another on a list leaves every count as it was.
    internal static bool MembersKept(StateSnapshot s) => s.DomainsKept && s.InsertedSlots.IsEmpty && s.Removed.IsEmpty;
}

/// <summary>
/// One side's leaked allocations, counted by allocating site and resource in the order first seen
/// (oldest first). A site's finding is made when its count changes, not at every step it stays.
/// </summary>
internal sealed class SiteCounts
{
    private sealed class Site(UnlistedAllocation first)
    {
        public UnlistedAllocation First { get; } = first;
        public int Count;
        public RawFinding? Made;
    }

    private readonly List<Site> _order = [];
    private readonly Dictionary<(string Site, int Rid), Site> _sites = [];

    public void Clear()
    {
        _order.Clear();
        _sites.Clear();
    }

    public void Add(IEnumerable<UnlistedAllocation> leaked)
    {
        foreach (var a in leaked)
        {
            if (!_sites.TryGetValue((a.Site, a.Rid), out var site))
            {
                site = new Site(a);
                _sites.Add((a.Site, a.Rid), site);
                _order.Add(site);
            }
            site.Count++;
            site.Made = null;
        }
    }

    public void AddFindings(ResourceProfile profile, List<RawFinding> into)
    {
        foreach (var site in _order)
            into.Add(site.Made ??= Finding(site, profile));
    }

    private static RawFinding Finding(Site site, ResourceProfile profile)
    {
        var first = site.First;
        string resource = first.Rid < 0 ? "" : profile.NameOf(first.Rid);
        string what = resource.Length == 0 ? "for no resource the model names" : $"for {resource}";
        return new RawFinding($"leak:{first.Site}:{resource}", "leak",
            $"Memory {first.Site}() allocates {what} is neither on a list nor freed: leaked.",
            first.Site, first.Call.Length > 0 ? first.Call : null, Count: site.Count,
            SourceLine: first.Line);
    }
}
