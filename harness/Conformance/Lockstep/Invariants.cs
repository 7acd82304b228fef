using System.Numerics;
using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// The invariants of DESIGN.md, checked on one side's snapshot after every step, whether or not
/// the two sides agree: both sides agreeing is not the same as both being right. Allocation-free
/// while everything holds; a violation is described in a sentence a reviewer could paste.
/// </summary>
public sealed class Invariants(ResourceProfile profile)
{
    // What the last check of a snapshot found, so that the check of its next fill, when that fill
    // kept its domains (only some masks rewritten), looks at those masks only. Two: the lockstep
    // checks the reference's snapshot and, when the sides differ, the model's.
    private readonly CheckMemo[] _memos = [new(), new()];
    private int _nextMemo;
    private ulong[] _scratch = [];

    public void Check(StateSnapshot s, ClassCoverage coverage, List<RawFinding> into)
    {
        var memo = MemoOf(s, out bool lastFillChecked);
        bool incremental = lastFillChecked && s.DomainsKept;
        CheckLists(s, memo, incremental, into);
        CheckCpuPlacement(s, coverage, memo, incremental, into);
        CheckAllocations(s, into);
        memo.Serial = s.FillSerial;
    }

    private CheckMemo MemoOf(StateSnapshot s, out bool lastFillChecked)
    {
        foreach (var m in _memos)
            if (ReferenceEquals(m.Snapshot, s))
            {
                lastFillChecked = m.Serial == s.FillSerial - 1;
                return m;
            }
        var memo = _memos[_nextMemo];
        _nextMemo ^= 1;
        memo.Snapshot = s;
        memo.Serial = -1;
        lastFillChecked = false;
        return memo;
    }

    // Lists sorted by ascending id, ids unique, no empty domain, headers typed and owned right:
    // the control domains, and the monitor domains of a revision that has them. When the domains
    // were kept, only a rewritten mask's count can change what this finds: if none of them is
    // empty and none was before, the findings are the last check's.
    private void CheckLists(StateSnapshot s, CheckMemo memo, bool incremental, List<RawFinding> into)
    {
        if (incremental && !memo.ListsHadEmpty && NoneEmpty(s, s.WrittenSlots))
        {
            if (!s.DomainsEdited)
            {
                into.AddRange(memo.ListFindings);
                return;
            }
            // A removal keeps a sorted list sorted; an inserted domain is checked against its neighbours.
            if (memo.ListFindings.Count == 0 && InsertedFitTheirLists(s))
                return;
        }
        memo.ListFindings.Clear();
        var resources = s.Resources.AsSpan();
        for (int r = 0; r < resources.Length; r++)
        {
            ref readonly var res = ref resources[r];
            var name = profile.NameOf(res.Rid);
            CheckList(s, res.FirstDomain, res.DomainCount, DomainType.Control, name, res.Rid, "", memo.ListFindings);
            CheckList(s, res.FirstMonDomain, res.MonCount, DomainType.Monitor, name, res.Rid, " monitor", memo.ListFindings);
        }
        memo.ListsHadEmpty = memo.ListFindings.Exists(f => f.Key.StartsWith("empty", StringComparison.Ordinal));
        into.AddRange(memo.ListFindings);
    }

    private static bool InsertedFitTheirLists(StateSnapshot s)
    {
        foreach (int slot in s.InsertedSlots)
        {
            if (s.ListOf(slot) is not var (r, monitor))
                return false;
            ref readonly var res = ref s.Resources[r];
            int first = monitor ? res.FirstMonDomain : res.FirstDomain, end = first + (monitor ? res.MonCount : res.DomainCount);
            ref readonly var d = ref s.Domains[slot];
            if (d.CpuCount == 0 || d.Type != (monitor ? DomainType.Monitor : DomainType.Control) || d.Rid != res.Rid
                || (slot > first && s.Domains[slot - 1].Id >= d.Id) || (slot + 1 < end && d.Id >= s.Domains[slot + 1].Id))
                return false;
        }
        return true;
    }

    private static bool NoneEmpty(StateSnapshot s, ReadOnlySpan<int> slots)
    {
        foreach (int slot in slots)
            if (s.Domains[slot].CpuCount == 0)
                return false;
        return true;
    }

    private static void CheckList(StateSnapshot s, int first, int count, int type, string name, int rid, string kind, List<RawFinding> into)
    {
        for (int i = 0; i < count; i++)
        {
            ref var d = ref s.Domains[first + i];
            if (i > 0 && s.Domains[first + i - 1].Id >= d.Id)
                into.Add(new($"unsorted{kind}:{name}", "invariant",
                    $"The {name}{kind} domain list is not sorted by ascending, unique id.",
                    Detail: $"domain {s.Domains[first + i - 1].Id} before domain {d.Id}"));
            if (d.CpuCount == 0)
                into.Add(new($"empty{kind}:{name}", "invariant",
                    $"A {name}{kind} domain stays listed with no CPU in its mask.", Detail: $"domain {d.Id}"));
            if (d.Type != type || d.Rid != rid)
                into.Add(new($"header{kind}:{name}", "invariant",
                    $"A domain on the {name}{kind} list has a header of another type or resource (a{kind} domain of {name} has type {type}, rid {rid}).",
                    Detail: $"domain {d.Id}: type {d.Type}, rid {d.Rid}"));
        }
    }

    // Once MPAM is enabled and the cpuhp state installed: every CPU the hotplug core holds online
    // is in exactly one domain of each alloc-capable mapped resource whose class covers it, and
    // no CPU it holds offline is in any domain.
    //
    // Every CPU is judged on its own bits: whether it is online, covered, in one domain of a list
    // and in two. After a check that found nothing, a kept fill over the same resources, coverage
    // and lifecycle can break the invariants only in the words where those bits moved (a step
    // moves a CPU or two): those alone are looked at, and only when one of them breaks an
    // invariant is the check made whole, which names the CPUs.
    private void CheckCpuPlacement(StateSnapshot s, ClassCoverage coverage, CheckMemo memo, bool incremental, List<RawFinding> into)
    {
        ulong moved = AllWords;                                     // bit w: word w of a union or of the online mask moved
        if (incremental)
            moved = UpdatePlacement(s, memo);
        else
            memo.Place(s);
        moved |= memo.OnlineMoved(s.OnlineMask);
        bool placed = s.Lifecycle.MpamEnabled && s.Lifecycle.CallbacksRegistered;
        bool sameInputs = memo.SameInputs(s, coverage, placed);
        if (incremental && memo.PlacementHeld && sameInputs && HoldsIn(s, memo, placed, moved))
            return;
        int found = into.Count;
        CheckCpuPlacementWhole(s, coverage, memo, placed, into);
        memo.PlacementHeld = into.Count == found;
    }

    // Every word of the masks: too many to name in a ulong (past 4096 CPUs), or a union counted again.
    private const ulong AllWords = ~0UL;

    // Word w's bit in a set of moved words; past the 64th, every word.
    private static ulong WordBit(int w) => w < 64 ? 1UL << w : AllWords;

    // The placement invariants over the words in moved, allocation-free: whether they all hold
    // there. The moved words one by one (at 4096 CPUs a step moves one of 64), or every word.
    private static bool HoldsIn(StateSnapshot s, CheckMemo memo, bool placed, ulong moved)
    {
        if (moved == AllWords)
        {
            for (int w = 0; w < s.MaskWords; w++)
                if (!HoldsAt(s, memo, placed, w))
                    return false;
            return true;
        }
        for (ulong left = moved; left != 0; left &= left - 1)
            if (!HoldsAt(s, memo, placed, BitOperations.TrailingZeroCount(left)))
                return false;
        return true;
    }

    // Word w of every list's unions, the online mask and the coverage (as the memo keeps it).
    private static bool HoldsAt(StateSnapshot s, CheckMemo memo, bool placed, int w)
    {
        int words = s.MaskWords;
        ulong on = s.OnlineMask[w];
        var resources = s.Resources.AsSpan();
        for (int r = 0; r < resources.Length; r++)
        {
            ref readonly var res = ref resources[r];
            if (res.MonCount > 0 && ((memo.Once(r, monitor: true, words)[w] & ~on) | memo.Twice(r, monitor: true, words)[w]) != 0)
                return false;
            if (res.DomainCount > 0 && ((memo.Once(r, monitor: false, words)[w] & ~on) | memo.Twice(r, monitor: false, words)[w]) != 0)
                return false;
            if (placed && res.ClassMapped && res.AllocCapable)
            {
                var covered = memo.Covered(r);
                if ((on & (w < covered.Length ? covered[w] : 0) & ~memo.Once(r, monitor: false, words)[w]) != 0)
                    return false;
            }
        }
        return true;
    }

    private void CheckCpuPlacementWhole(StateSnapshot s, ClassCoverage coverage, CheckMemo memo, bool placed, List<RawFinding> into)
    {
        int words = s.MaskWords;
        if (_scratch.Length < words)
            _scratch = new ulong[words];
        var online = s.OnlineMask;
        var resources = s.Resources.AsSpan();
        for (int r = 0; r < resources.Length; r++)
        {
            ref readonly var res = ref resources[r];
            var name = profile.NameOf(res.Rid);
            var once = memo.Once(r, monitor: false, words);
            if (res.MonCount > 0)
            {
                // Monitor domains: no offline CPU in one, no CPU in two (the class behind them is the events', not the resource's).
                Report(into, memo.Once(r, monitor: true, words), online, invert: true, "offline-mon", name, res.ClassId,
                    "CPUs the hotplug core holds offline stay in {1} monitor domains.");
                Report(into, memo.Twice(r, monitor: true, words), default, invert: false, "twice-mon", name, res.ClassId,
                    "A CPU is in more than one {1} monitor domain.");
            }
            if (res.DomainCount > 0)
            {
                Report(into, once, online, invert: true, "offline", name, res.ClassId,
                    "CPUs the hotplug core holds offline stay in {1} domains.");
                Report(into, memo.Twice(r, monitor: false, words), default, invert: false, "twice", name, res.ClassId,
                    "A CPU is in more than one {1} domain.");
            }
            if (!placed || !res.ClassMapped || !res.AllocCapable)
                continue;
            var missing = _scratch.AsSpan(0, words);
            CpuMaskBits.AndAndNot(missing, online, coverage.Of(res.ClassId), once);
            Report(into, missing, default, invert: false, "missing", name, res.ClassId,
                "CPUs online and covered by class {2} are in no {1} domain.");
        }
    }

    // The domains were kept, some masks rewritten and some domains inserted or removed: each such
    // mask's CPUs leave or join its list's union (an inserted one's all join, a removed one's all
    // leave). A CPU that leaves while it is in two domains may still be in two: that list is
    // counted again.
    // Returns the words that moved (AllWords once a list is counted again).
    private static ulong UpdatePlacement(StateSnapshot s, CheckMemo memo)
    {
        var written = s.WrittenSlots;
        var resources = s.Resources.AsSpan();
        ulong recount = 0;                                          // bit 2r (+1 for monitors): that list's unions are counted again
        ulong moved = 0;
        for (int k = 0; k < written.Length; k++)
        {
            var (from, end) = s.WrittenWordsOf(k);
            if (from < end && s.ListOf(written[k]) is var (r, monitor))
                Change(s, memo, r, monitor, s.PreviousWordsOf(k), s.MaskOf(written[k])[from..end], from, ref recount, ref moved);
        }
        foreach (int slot in s.InsertedSlots)
            if (s.ListOf(slot) is var (r, monitor))
                Change(s, memo, r, monitor, default, s.MaskOf(slot), 0, ref recount, ref moved);
        var removed = s.Removed;
        for (int k = 0; k < removed.Length; k++)
            Change(s, memo, removed[k].Resource, removed[k].Monitor, s.RemovedMaskOf(k), default, 0, ref recount, ref moved);
        for (int r = 0; recount != 0 && r < resources.Length; r++)
        {
            if ((recount & (1UL << (2 * r))) != 0)
                memo.Union(s, r, monitor: false);
            if ((recount & (1UL << (2 * r + 1))) != 0)
                memo.Union(s, r, monitor: true);
        }
        return recount != 0 ? AllWords : moved;
    }

    // Words [offset, offset + n) of one mask of list (r, monitor) went from before to now: a run
    // a fill rewrote (at 4096 CPUs a step rewrites one word of 64), or, with one of them empty (no
    // CPU), a mask that joined or left the list, whose words outside NonZeroWords hold none.
    private static void Change(StateSnapshot s, CheckMemo memo, int r, bool monitor, ReadOnlySpan<ulong> before, ReadOnlySpan<ulong> now,
        int offset, ref ulong recount, ref ulong moved)
    {
        ulong list = 1UL << (2 * r + (monitor ? 1 : 0));
        if ((recount & list) != 0)
            return;
        int words = s.MaskWords;
        var once = memo.Once(r, monitor, words);
        var twice = memo.Twice(r, monitor, words);
        var (from, end) = before.IsEmpty || now.IsEmpty ? CpuMaskBits.NonZeroWords(before.IsEmpty ? now : before) : (0, now.Length);
        for (int k = from; k < end; k++)
        {
            int w = offset + k;
            moved |= WordBit(w);
            ulong was = before.IsEmpty ? 0 : before[k], becomes = now.IsEmpty ? 0 : now[k];
            ulong left = was & ~becomes, joined = becomes & ~was;
            if ((left & twice[w]) != 0)
            {
                recount |= list;
                return;
            }
            once[w] &= ~left;
            twice[w] |= joined & once[w];
            once[w] |= joined;
        }
    }

    // The CPUs in some domain of the run into once, those in two or more into twice. Only the
    // words a mask may have bits in are looked at: at 4096 CPUs a domain of 8 has one of 64.
    private static void Union(StateSnapshot s, int first, int count, Span<ulong> once, Span<ulong> twice)
    {
        once.Clear();
        twice.Clear();
        for (int i = 0; i < count; i++)
        {
            var mask = s.MaskOf(first + i);
            var (from, end) = s.NonZeroWords(first + i);
            for (int w = from; w < end; w++)
            {
                twice[w] |= once[w] & mask[w];
                once[w] |= mask[w];
            }
        }
    }

    // Per snapshot: the last check's fill, its list findings, and per resource the unions of its
    // control and monitor domains' masks (CPUs in one or more, CPUs in two or more).
    private sealed class CheckMemo
    {
        public StateSnapshot? Snapshot;
        public long Serial = -1;
        public readonly List<RawFinding> ListFindings = [];
        public bool ListsHadEmpty;
        // The last placement check found nothing, and what it was made against besides the masks.
        public bool PlacementHeld;
        private ulong[] _online = [];
        private long _coverageVersion = -1;
        private bool _placed;
        private readonly List<long> _resourceKeys = [];

        // The words in which online differs from the online mask of the last check (all when their
        // number differs), and online remembered in its place.
        public ulong OnlineMoved(ReadOnlySpan<ulong> online)
        {
            ulong moved = 0;
            if (_online.Length != online.Length)
            {
                _online = online.ToArray();
                return AllWords;
            }
            // A step moves a CPU or two: each moved word is found a vector of words at a time (at
            // 4096 CPUs, 64 words compared one by one took 100 ns a step).
            var kept = _online.AsSpan();
            for (int w = kept.CommonPrefixLength(online); w < online.Length; w += 1 + kept[(w + 1)..].CommonPrefixLength(online[(w + 1)..]))
            {
                moved |= WordBit(w);
                kept[w] = online[w];
            }
            return moved;
        }

        // Whether resources, coverage and lifecycle are what the last check saw; they are remembered for the next.
        public bool SameInputs(StateSnapshot s, ClassCoverage coverage, bool placed)
        {
            var resources = s.Resources.AsSpan();
            bool same = coverage.Version == _coverageVersion && placed == _placed && resources.Length == _resourceKeys.Count;
            if (resources.Length != _resourceKeys.Count)
            {
                _resourceKeys.Clear();
                _resourceKeys.AddRange(new long[resources.Length]);
            }
            for (int r = 0; r < resources.Length; r++)
            {
                ref readonly var res = ref resources[r];
                long key = ((long)res.ClassId << 8) | (res.ClassMapped ? 1L : 0) | (res.AllocCapable ? 2L : 0) | (res.MonCount > 0 ? 4L : 0)
                           | (res.DomainCount > 0 ? 8L : 0);
                same &= _resourceKeys[r] == key;
                _resourceKeys[r] = key;
            }
            _coverageVersion = coverage.Version;
            _placed = placed;
            if (!same)
            {
                // Each resource's class coverage, looked up once for the checks that follow while the inputs stay.
                if (_covered.Length != resources.Length)
                    _covered = new ulong[]?[resources.Length];
                for (int r = 0; r < resources.Length; r++)
                    _covered[r] = coverage.ArrayOf(resources[r].ClassId);
            }
            return same;
        }

        private ulong[]?[] _covered = [];

        /// <summary>The CPUs resource r's class covers, as SameInputs last found them (empty for none).</summary>
        public ReadOnlySpan<ulong> Covered(int r) => _covered[r];
        private ulong[][] _unions = [];                             // [4 * r + 0..3]: once, twice, monitor once, monitor twice
        private int _words;

        public Span<ulong> Once(int r, bool monitor, int words) => _unions[4 * r + (monitor ? 2 : 0)].AsSpan(0, words);
        public Span<ulong> Twice(int r, bool monitor, int words) => _unions[4 * r + (monitor ? 3 : 1)].AsSpan(0, words);

        // Every union counted from the masks.
        public void Place(StateSnapshot s)
        {
            int resources = s.Resources.Count;
            if (_unions.Length < 4 * resources || _words < s.MaskWords)
            {
                _words = Math.Max(_words, s.MaskWords);
                _unions = new ulong[4 * Math.Max(resources, _unions.Length / 4)][];
                for (int i = 0; i < _unions.Length; i++)
                    _unions[i] = new ulong[_words];
            }
            for (int r = 0; r < resources; r++)
            {
                Union(s, r, monitor: false);
                Union(s, r, monitor: true);
            }
        }

        public void Union(StateSnapshot s, int r, bool monitor)
        {
            ref readonly var res = ref s.Resources[r];
            Invariants.Union(s, monitor ? res.FirstMonDomain : res.FirstDomain, monitor ? res.MonCount : res.DomainCount,
                Once(r, monitor, s.MaskWords), Twice(r, monitor, s.MaskWords));
        }
    }

    // Every listed domain is a live allocation. (Live allocations beyond the listed ones are leaks:
    // LeakFacts names them by site and resource, which needs both sides.)
    private static void CheckAllocations(StateSnapshot s, List<RawFinding> into)
    {
        long excess = LeakFacts.Excess(s);
        if (excess < 0)
            into.Add(new("freed-listed", "invariant",
                "Listed domains are not live allocations: freed while still on a list.", Count: (int)-excess));
        if (s.Lifecycle.FreedListed > 0)
            into.Add(new("freed-still-listed", "use-after-free",
                "A domain is freed while still on a list: every walk of that list reads freed memory.", Count: (int)s.Lifecycle.FreedListed));
        if (s.Counters.DoubleFrees > 0)
            into.Add(new("double-free", "double-free", "kfree() is called on memory already freed.", Count: (int)s.Counters.DoubleFrees));
        if (s.Counters.ForeignFrees > 0)
            into.Add(new("foreign-free", "foreign-free", "kfree() is called on a pointer never allocated.", Count: (int)s.Counters.ForeignFrees));
    }

    // Reports the CPUs set in `mask` (or, with invert, set in `mask` but clear in `filter`).
    // Nothing is formatted unless there is something to report: this runs every step.
    // The fact is the check and the resource; which CPUs is its detail, how many its count.
    // The template gets {1} the resource, {2} its class.
    private static void Report(List<RawFinding> into, ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> filter, bool invert,
        string what, string resource, int classId, string template)
    {
        if (invert ? !CpuMaskBits.AnyAndNot(mask, filter) : CpuMaskBits.IsEmpty(mask))
            return;
        var bad = new ulong[mask.Length];
        for (int w = 0; w < mask.Length; w++)
            bad[w] = invert ? mask[w] & ~filter[w] : mask[w];
        int count = CpuMaskBits.Count(bad);
        into.Add(new($"{what}:{resource}", "invariant", string.Format(template, null, resource, classId),
            Count: count, Detail: $"{(count == 1 ? "CPU" : "CPUs")} {CpuList.Format(bad)}"));
    }
}
