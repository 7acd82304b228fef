using Conformance.Lockstep;
using Conformance.Observation;

namespace Conformance.Tests.TestSupport;

/// <summary>A side that is another, counting how often it is asked for its leaked allocations: all of them, or those after a token.</summary>
public sealed class CountingSide(IMpamSide inner) : ForwardingSide(inner)
{
    public int LeakWalks { get; private set; }
    public int LeakWalksAfter { get; private set; }

    public override IReadOnlyList<UnlistedAllocation> UnlistedAllocations(long after = 0)
    {
        if (after == 0)
            LeakWalks++;
        else
            LeakWalksAfter++;
        return base.UnlistedAllocations(after);
    }

    /// <summary>How often it was asked which allocations were freed since a count of frees.</summary>
    public int FreeAsks { get; private set; }

    public override IReadOnlyList<long> FreedAfter(long after)
    {
        FreeAsks++;
        return base.FreedAfter(after);
    }

    /// <summary>How often it was asked which allocations are held (on a list, or a held context).</summary>
    public int HeldAsks { get; private set; }

    public override IReadOnlyList<UnlistedAllocation> HeldAllocations()
    {
        HeldAsks++;
        return base.HeldAllocations();
    }
}
