using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// The invariants of DESIGN.md, checked on one side's snapshot after every step, whether or not
/// the two sides agree: both sides agreeing is not the same as both being right. Allocation-free
/// while everything holds; a violation is described in a sentence a reviewer could paste.
/// </summary>
public sealed class Invariants(ResourceProfile profile)
{
    // Scratch masks for the "exactly one domain" count; sized on use, reused after.
    private ulong[] _once = [];
    private ulong[] _twice = [];

    public void Check(StateSnapshot s, ClassCoverage coverage, List<RawFinding> into)
    {
        CheckLists(s, into);
        CheckCpuPlacement(s, coverage, into);
        CheckAllocations(s, into);
    }

    // Lists sorted by ascending id, ids unique, no empty domain, headers typed and owned right:
    // the control domains, and the monitor domains of a revision that has them.
    private void CheckLists(StateSnapshot s, List<RawFinding> into)
    {
        var resources = s.Resources.AsSpan();
        for (int r = 0; r < resources.Length; r++)
        {
            ref readonly var res = ref resources[r];
            var name = profile.NameOf(res.Rid);
            CheckList(s, res.FirstDomain, res.DomainCount, DomainType.Control, name, res.Rid, "", into);
            CheckList(s, res.FirstMonDomain, res.MonCount, DomainType.Monitor, name, res.Rid, " monitor", into);
        }
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
    private void CheckCpuPlacement(StateSnapshot s, ClassCoverage coverage, List<RawFinding> into)
    {
        int words = s.MaskWords;
        if (_once.Length < words)
        {
            _once = new ulong[words];
            _twice = new ulong[words];
        }
        var online = s.OnlineMask;
        var resources = s.Resources.AsSpan();
        bool placed = s.Lifecycle.MpamEnabled && s.Lifecycle.CallbacksRegistered;
        for (int r = 0; r < resources.Length; r++)
        {
            ref readonly var res = ref resources[r];
            var once = _once.AsSpan(0, words);
            var twice = _twice.AsSpan(0, words);
            once.Clear();
            twice.Clear();
            var name = profile.NameOf(res.Rid);
            if (res.MonCount > 0)
            {
                // Monitor domains: no offline CPU in one, no CPU in two (the class behind them is the events', not the resource's).
                Union(s, res.FirstMonDomain, res.MonCount, once, twice);
                Report(into, once, online, invert: true, "offline-mon", name, res.ClassId,
                    "CPUs the hotplug core holds offline stay in a {1} monitor domain.");
                Report(into, twice, default, invert: false, "twice-mon", name, res.ClassId,
                    "A CPU is in more than one {1} monitor domain.");
                once.Clear();
                twice.Clear();
            }
            Union(s, res.FirstDomain, res.DomainCount, once, twice);
            Report(into, once, online, invert: true, "offline", name, res.ClassId,
                "CPUs the hotplug core holds offline stay in a {1} domain.");
            Report(into, twice, default, invert: false, "twice", name, res.ClassId,
                "A CPU is in more than one {1} domain.");
            if (!placed || !res.ClassMapped || !res.AllocCapable)
                continue;
            var covered = coverage.Of(res.ClassId);
            for (int w = 0; w < words; w++)
                once[w] = online[w] & (w < covered.Length ? covered[w] : 0) & ~once[w];
            Report(into, once, default, invert: false, "missing", name, res.ClassId,
                "CPUs online and covered by class {2} are in no {1} domain.");
        }
    }

    // The CPUs in some domain of the run into once, those in two or more into twice. Only the
    // words a mask may have bits in are looked at: at 4096 CPUs a domain of 8 has one of 64.
    private static void Union(StateSnapshot s, int first, int count, Span<ulong> once, Span<ulong> twice)
    {
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
        bool any = false;
        for (int w = 0; w < mask.Length && !any; w++)
            any = (invert ? mask[w] & ~filter[w] : mask[w]) != 0;
        if (!any)
            return;
        var bad = new ulong[mask.Length];
        for (int w = 0; w < mask.Length; w++)
            bad[w] = invert ? mask[w] & ~filter[w] : mask[w];
        int count = CpuMaskBits.Count(bad);
        into.Add(new($"{what}:{resource}", "invariant", string.Format(template, null, resource, classId),
            Count: count, Detail: $"{(count == 1 ? "CPU" : "CPUs")} {CpuList.Format(bad)}"));
    }
}
