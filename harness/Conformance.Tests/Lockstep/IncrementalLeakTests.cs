using Conformance.Lockstep;
using Conformance.Observation;
using CsCheck;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// What leaked, kept as each step changes it (the allocations and frees since, what stopped or
/// started holding), is what a walk of every live allocation finds, at every step, whatever the
/// steps: allocations at three sites, frees, domains listed and unlisted, one swapped for another
/// with every count unchanged, on either side or both; the C side's leaks named after the model's.
/// </summary>
public sealed class IncrementalLeakTests
{
    private static readonly ResourceProfile Profile = ResourceProfile.Default;

    private enum Kind { Allocate, AllocateHeld, Free, Hold, Release, Swap }

    // Which sides a free, hold, release or swap is made on: allocations are made on both, so a token is the same allocation on each.
    private enum Sides { Both, Reference, Model }

    private readonly record struct Op(Kind Kind, Sides Sides, int Pick, int Site);

    private static readonly Gen<Op> AnyOp = Gen.Select(Gen.Enum<Kind>(), Gen.Enum<Sides>(), Gen.Int[0, 15], Gen.Int[0, 2],
        (kind, sides, pick, site) => new Op(kind, sides, pick, site));

    [Test]
    public void WhatLeakedKeptStepByStepIsWhatAWalkOfEveryLiveAllocationFinds()
    {
        AnyOp.Array[1, 80].Sample(ops =>
        {
            var (reference, model) = (new ScriptedLedger(named: false), new ScriptedLedger(named: true));
            var kept = new LeakMemo();
            for (int i = 0; i < ops.Length; i++)
            {
                bool membersKept = Apply(ops[i], reference, model);
                var (keptReference, keptModel) = Collect(reference, model, membersKept, kept);
                var (wholeReference, wholeModel) = Collect(reference, model, membersKept, new LeakMemo());
                if (!keptReference.SequenceEqual(wholeReference) || !keptModel.SequenceEqual(wholeModel))
                    return false;
            }
            return true;
        }, iter: 2000);
    }

    [Test]
    public void OneDomainSwappedForAnotherWithEveryCountUnchangedIsSeen()
    {
        // By hand: a (site0) leaks; b (site1) is listed. The swap lists a and unlists b: the
        // counts are those of before, only the lists' members say that b now leaks, not a.
        var (reference, model) = (new ScriptedLedger(named: false), new ScriptedLedger(named: true));
        var memo = new LeakMemo();
        Apply(new Op(Kind.Allocate, Sides.Both, 0, 0), reference, model);
        Apply(new Op(Kind.AllocateHeld, Sides.Both, 0, 1), reference, model);
        Assert.That(Collect(reference, model, membersKept: false, memo).Model.Select(f => (f.Key, f.Count)),
            Is.EqualTo(new[] { ("leak:site0:L3", 1) }));
        bool membersKept = Apply(new Op(Kind.Swap, Sides.Both, 0, 0), reference, model);
        Assert.That(membersKept, Is.False);
        Assert.That(Collect(reference, model, membersKept, memo).Model.Select(f => (f.Key, f.Count)),
            Is.EqualTo(new[] { ("leak:site1:L2", 1) }));
    }

    private static (List<RawFinding> Reference, List<RawFinding> Model) Collect(ScriptedLedger reference, ScriptedLedger model, bool membersKept, LeakMemo memo)
    {
        var found = (Reference: new List<RawFinding>(), Model: new List<RawFinding>());
        LeakFacts.Collect(reference, reference.Key, model, model.Key, membersKept, Profile, found.Reference, found.Model, memo);
        return found;
    }

    // The step on the sides it names; false when a list's members changed on either.
    private static bool Apply(Op op, ScriptedLedger reference, ScriptedLedger model)
    {
        if (op.Kind is Kind.Allocate or Kind.AllocateHeld)
        {
            bool held = op.Kind == Kind.AllocateHeld;
            reference.Allocate(op.Site, held);
            model.Allocate(op.Site, held);
            return !held;
        }
        bool kept = true;
        if (op.Sides != Sides.Model)
            kept &= reference.Change(op.Kind, op.Pick);
        if (op.Sides != Sides.Reference)
            kept &= model.Change(op.Kind, op.Pick);
        return kept;
    }

    /// <summary>
    /// A side's allocations as a script makes them: each at one of three sites (line = token), held
    /// (listed) or not. The model names what an allocation was for (site i for resource i); the C
    /// side, like the stand-ins, does not.
    /// </summary>
    private sealed class ScriptedLedger(bool named) : ILeakLedger
    {
        private readonly List<(UnlistedAllocation What, bool Live, bool Held)> _all = [];
        private readonly List<long> _freed = [];

        public LeakMemo.Key Key => new((ulong)_all.Count, (ulong)_freed.Count, (uint)_all.Count(a => a.Live), 0,
            _all.Count(a => a.Live && a.Held));

        public void Allocate(int site, bool held)
        {
            long token = _all.Count + 1;
            _all.Add((new UnlistedAllocation(token, $"site{site}", (int)token, named ? site : -1, named ? "kzalloc(" : ""), true, held));
        }

        // Free, list or unlist the pick-th live allocation that can be (swap: unlist a listed one and list an unlisted one).
        public bool Change(Kind kind, int pick)
        {
            var live = Indices(a => a.Live);
            switch (kind)
            {
                case Kind.Free when live.Count > 0:
                    int f = live[pick % live.Count];
                    _all[f] = _all[f] with { Live = false };
                    _freed.Add(_all[f].What.Token);
                    return !_all[f].Held;
                case Kind.Hold:
                    return !Flip(Indices(a => a.Live && !a.Held), pick, true);
                case Kind.Release:
                    return !Flip(Indices(a => a.Live && a.Held), pick, false);
                case Kind.Swap:
                    var (held, free) = (Indices(a => a.Live && a.Held), Indices(a => a.Live && !a.Held));
                    if (held.Count == 0 || free.Count == 0)
                        return true;
                    Flip(held, pick, false);
                    Flip(free, pick, true);
                    return false;
                default:
                    return true;
            }
        }

        private bool Flip(List<int> candidates, int pick, bool held)
        {
            if (candidates.Count == 0)
                return false;
            int i = candidates[pick % candidates.Count];
            _all[i] = _all[i] with { Held = held };
            return true;
        }

        private List<int> Indices(Func<(UnlistedAllocation What, bool Live, bool Held), bool> which) =>
            Enumerable.Range(0, _all.Count).Where(i => which(_all[i])).ToList();

        public IReadOnlyList<UnlistedAllocation> UnlistedAllocations(long after = 0) =>
            _all.Where(a => a.Live && !a.Held && a.What.Token > after).Select(a => a.What).ToList();

        public IReadOnlyList<long> FreedAfter(long after) => _freed.Skip((int)after).ToList();

        public IReadOnlyList<UnlistedAllocation> HeldAllocations() =>
            _all.Where(a => a.Live && a.Held).Select(a => a.What).ToList();
    }
}
