using System.Runtime.InteropServices;
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
/// those changed, the last answer holds. Otherwise each side is asked what changed since: the
/// allocations it made that nothing holds join, those it freed leave, and when a list or a held
/// context may have changed, the allocations that stopped being held join and those that started
/// leave. Only the first ask of a leak, or one after a side started or stopped leaking, walks every
/// live allocation. A scenario that leaks at every online therefore costs what each step did and
/// what the lists hold, not every allocation so far.
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
        ResourceProfile profile, List<RawFinding> referenceInto, List<RawFinding> modelInto, LeakMemo memo) =>
        Collect(reference, LeakMemo.KeyOf(referenceState), model, LeakMemo.KeyOf(modelState),
            LeakMemo.MembersKept(referenceState) && LeakMemo.MembersKept(modelState), profile, referenceInto, modelInto, memo);

    /// <summary>The same, from what the snapshots say: each side's key, and whether every list kept its members.</summary>
    internal static void Collect(ILeakLedger reference, LeakMemo.Key referenceKey, ILeakLedger model, LeakMemo.Key modelKey, bool membersKept,
        ResourceProfile profile, List<RawFinding> referenceInto, List<RawFinding> modelInto, LeakMemo memo)
    {
        var keys = (Reference: referenceKey, Model: modelKey);
        bool referenceLeaks = keys.Reference.Excess > 0, modelLeaks = keys.Model.Excess > 0;
        if (!referenceLeaks && !modelLeaks)
        {
            memo.Forget();
            return;
        }
        if (!memo.Holds(keys) || !membersKept)
            Ask(reference, referenceLeaks, model, modelLeaks, memo, keys, membersKept);
        if (modelLeaks)
            memo.Model.Leaked.AddFindings(profile, modelInto);
        if (referenceLeaks)
            memo.Reference.Leaked.AddFindings(profile, referenceInto);
    }

    // The model first: the C side's leaks are named after the model's, and renamed when the
    // model's of the same token came or went.
    private static void Ask(ILeakLedger reference, bool referenceLeaks, ILeakLedger model, bool modelLeaks, LeakMemo memo,
        (LeakMemo.Key Reference, LeakMemo.Key Model) keys, bool membersKept)
    {
        if (memo.LeaksAsBefore(keys) is var (lastReference, lastModel))
        {
            memo.ModelChanged.Clear();
            if (modelLeaks)
                memo.Model.Since(model, lastModel, keys.Model, membersKept);
            if (referenceLeaks)
            {
                memo.Reference.Since(reference, lastReference, keys.Reference, membersKept);
                memo.Reference.Rename(memo.ModelChanged);
            }
        }
        else
        {
            memo.Clear();
            if (modelLeaks)
                memo.Model.Walk(model);
            if (referenceLeaks)
                memo.Reference.Walk(reference);
        }
        memo.Remember(keys);
    }
}

/// <summary>
/// What each side had leaked when it was last asked, and what both sides' allocations and lists
/// were then. Without it, once something leaked every later step walked every live allocation on
/// both sides: a scenario that leaks at each online cost the square of its steps.
/// </summary>
public sealed class LeakMemo
{
    private (Key Reference, Key Model)? _keys;

    public LeakMemo()
    {
        Model = new SideLeaks(namesFrom: null, changed: ModelChanged);
        Reference = new SideLeaks(namesFrom: Model, changed: null);
    }

    internal SideLeaks Model { get; }
    internal SideLeaks Reference { get; }

    /// <summary>The tokens whose leak on the model came or went at this ask: the C side's leaks of them are named again.</summary>
    internal List<long> ModelChanged { get; } = [];

    /// <summary>A new scenario, or a step where nothing leaks: nothing is remembered, the next ask walks every live allocation.</summary>
    public void Forget() => _keys = null;

    internal void Clear()
    {
        Reference.Clear();
        Model.Clear();
        ModelChanged.Clear();
    }

    // Nothing changed since both sides (those that leak) were last asked.
    internal bool Holds((Key, Key) keys) => _keys == keys;

    /// <summary>
    /// The keys of the last ask when each side leaks now as it did then (one that did not was not
    /// asked, and one that starts to is walked whole); else null.
    /// </summary>
    internal (Key Reference, Key Model)? LeaksAsBefore((Key Reference, Key Model) now) =>
        _keys is var (reference, model) && (reference.Excess > 0) == (now.Reference.Excess > 0) && (model.Excess > 0) == (now.Model.Excess > 0)
            ? _keys : null;

    internal void Remember((Key, Key) keys) => _keys = keys;

    // Allocations made, freed and live, held as contexts and on the lists: a domain taken off a
    // list and not freed changes the last even when nothing is allocated or freed. Whether a side
    // leaks follows from them.
    internal readonly record struct Key(ulong AllocsTotal, ulong FreesTotal, uint AllocsLive, uint ContextsHeld, long Listed)
    {
        public long Excess => AllocsLive - ContextsHeld - Listed;
    }

    internal static Key KeyOf(StateSnapshot s) =>
        new(s.Counters.AllocsTotal, s.Counters.FreesTotal, s.Counters.AllocsLive, s.Lifecycle.ContextsHeld, LeakFacts.Listed(s));

    // The snapshot kept the last fill's domains and no domain joined or left a list: one domain
    // swapped for another on a list leaves every count as it was.
    internal static bool MembersKept(StateSnapshot s) => s.DomainsKept && s.InsertedSlots.IsEmpty && s.Removed.IsEmpty;
}

/// <summary>
/// One side's leaked allocations and the allocations that held something (a listed domain, a held
/// context) when it was last asked, kept as the side changes.
/// </summary>
/// <param name="namesFrom">The side whose leaked allocation of the same token names this side's
/// leak (resource and call): the model's, for the C side, which knows neither.</param>
/// <param name="changed">Where the tokens that join or leave what this side leaked are told, for
/// the side it names: the model's.</param>
internal sealed class SideLeaks(SideLeaks? namesFrom, List<long>? changed)
{
    private Dictionary<long, UnlistedAllocation> _held = [];

    public SiteCounts Leaked { get; } = new();

    public void Clear()
    {
        Leaked.Clear();
        _held.Clear();
    }

    /// <summary>Every live allocation: those nothing holds leaked, and what holds the rest.</summary>
    public void Walk(ILeakLedger side)
    {
        foreach (var a in side.UnlistedAllocations())
            Join(a);
        _held = side.HeldAllocations().ToDictionary(a => a.Token);
    }

    /// <summary>
    /// What changed since <paramref name="last"/>: the frees leave; when a list's members, a held
    /// context or a free (a freed node ends a list's walk) may have changed what is held, what
    /// stopped being held joins and what started leaves; the new allocations nothing holds join.
    /// </summary>
    public void Since(ILeakLedger side, LeakMemo.Key last, LeakMemo.Key now, bool membersKept)
    {
        if (now.FreesTotal > last.FreesTotal)
            foreach (long token in side.FreedAfter((long)last.FreesTotal))
            {
                Leave(token);
                _held.Remove(token);
            }
        if (!membersKept || now.FreesTotal != last.FreesTotal || now.Listed != last.Listed || now.ContextsHeld != last.ContextsHeld)
            HeldNow(side.HeldAllocations());
        if (now.AllocsTotal > last.AllocsTotal)
            foreach (var a in side.UnlistedAllocations((long)last.AllocsTotal))
                Join(a);
    }

    private void HeldNow(IReadOnlyList<UnlistedAllocation> held)
    {
        var now = held.ToDictionary(a => a.Token);
        foreach (var (token, a) in _held)
            if (!now.ContainsKey(token))
                Join(a);                                            // live (the freed ones left above) and held no more
        foreach (long token in now.Keys)
            if (!_held.ContainsKey(token))
                Leave(token);
        _held = now;
    }

    /// <summary>The leaked allocations whose naming side's leak of the same token came or went are named again.</summary>
    public void Rename(List<long> tokens)
    {
        foreach (long token in tokens)
            if (Leaked.Given(token) is { } given && Named(given) is var named && Leaked.Named(token) != named)
            {
                Leaked.Remove(token);
                Leaked.Insert(given, named);
            }
    }

    private void Join(UnlistedAllocation a)
    {
        Leaked.Insert(a, Named(a));
        changed?.Add(a.Token);
    }

    private void Leave(long token)
    {
        if (Leaked.Remove(token))
            changed?.Add(token);
    }

    private UnlistedAllocation Named(UnlistedAllocation a) =>
        namesFrom?.Leaked.Given(a.Token) is { } m ? a with { Rid = m.Rid, Call = m.Call } : a;
}

/// <summary>
/// One side's leaked allocations by allocating site and resource, oldest first within a site and
/// the sites in the order of their oldest, as a walk of every live allocation finds them. A site's
/// finding is made when its allocations change, not at every step they stay.
/// </summary>
internal sealed class SiteCounts
{
    private sealed class Site((string Site, int Rid) key)
    {
        public (string Site, int Rid) Key { get; } = key;
        public readonly List<UnlistedAllocation> Leaked = [];     // by token
        public RawFinding? Made;
    }

    private readonly List<Site> _order = [];
    private readonly Dictionary<(string Site, int Rid), Site> _sites = [];
    // Each leaked token's site, and the allocation as its side gave it (before it was named).
    private readonly Dictionary<long, (Site Site, UnlistedAllocation Given)> _byToken = [];
    private bool _reorder;

    public void Clear()
    {
        _order.Clear();
        _sites.Clear();
        _byToken.Clear();
        _reorder = false;
    }

    /// <summary>The leaked allocation of a token as its side gave it, or null when it did not leak.</summary>
    public UnlistedAllocation? Given(long token) => _byToken.TryGetValue(token, out var e) ? e.Given : null;

    /// <summary>The leaked allocation of a token as it is counted (named), or null when it did not leak.</summary>
    public UnlistedAllocation? Named(long token) =>
        _byToken.TryGetValue(token, out var e) ? e.Site.Leaked[IndexOf(e.Site.Leaked, token)] : null;

    /// <summary><paramref name="named"/> joins its site in token order (new allocations, the newest, at its end).</summary>
    public void Insert(UnlistedAllocation given, UnlistedAllocation named)
    {
        if (!_sites.TryGetValue((named.Site, named.Rid), out var site))
        {
            site = new Site((named.Site, named.Rid));
            _sites.Add(site.Key, site);
            _reorder |= _order.Count > 0 && _order[^1].Leaked[0].Token > named.Token;
            _order.Add(site);
        }
        var leaked = site.Leaked;
        if (leaked.Count == 0 || leaked[^1].Token < named.Token)
            leaked.Add(named);
        else
        {
            int at = ~IndexOf(leaked, named.Token);
            leaked.Insert(at, named);
            _reorder |= at == 0;                                    // the site is now as old as this allocation
        }
        site.Made = null;
        _byToken[named.Token] = (site, given);
    }

    /// <summary>A token leaves its site; false when it had not leaked.</summary>
    public bool Remove(long token)
    {
        if (!_byToken.Remove(token, out var e))
            return false;
        var site = e.Site;
        int at = IndexOf(site.Leaked, token);
        site.Leaked.RemoveAt(at);
        site.Made = null;
        if (site.Leaked.Count == 0)
        {
            _order.Remove(site);
            _sites.Remove(site.Key);
        }
        else
            _reorder |= at == 0;                                    // the site is now as old as its next allocation
        return true;
    }

    // Where a token is in a site's allocations, or the complement of where it would go.
    private static int IndexOf(List<UnlistedAllocation> leaked, long token) =>
        CollectionsMarshal.AsSpan(leaked).BinarySearch(new TokenOrder(token));

    private readonly struct TokenOrder(long token) : IComparable<UnlistedAllocation>
    {
        public int CompareTo(UnlistedAllocation other) => token.CompareTo(other.Token);
    }

    public void AddFindings(ResourceProfile profile, List<RawFinding> into)
    {
        if (_reorder)
            _order.Sort((a, b) => a.Leaked[0].Token.CompareTo(b.Leaked[0].Token));
        _reorder = false;
        foreach (var site in _order)
            into.Add(site.Made ??= Finding(site, profile));
    }

    private static RawFinding Finding(Site site, ResourceProfile profile)
    {
        var first = site.Leaked[0];
        string resource = first.Rid < 0 ? "" : profile.NameOf(first.Rid);
        string what = resource.Length == 0 ? "for no resource the model names" : $"for {resource}";
        return new RawFinding($"leak:{first.Site}:{resource}", "leak",
            $"Memory {first.Site}() allocates {what} is neither on a list nor freed: leaked.",
            first.Site, first.Call.Length > 0 ? first.Call : null, Count: site.Leaked.Count,
            SourceLine: first.Line);
    }
}
