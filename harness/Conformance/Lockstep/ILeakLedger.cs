using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// What one side tells a leak walk about its allocations (tokens count allocations since reset, the
/// same on both sides). Not part of a step's snapshot: asked for only when the snapshot counts
/// more live allocations than listed domains and held contexts, and then only about what changed.
/// </summary>
public interface ILeakLedger
{
    /// <summary>
    /// The leaked allocations (live, holding no listed domain and no held context), oldest first;
    /// of those made after token <paramref name="after"/> only, when given.
    /// </summary>
    IReadOnlyList<UnlistedAllocation> UnlistedAllocations(long after = 0);

    /// <summary>
    /// The tokens of the allocations freed after the first <paramref name="after"/> frees since
    /// reset, in the order freed: what a leak walk that knew what had leaked then no longer counts.
    /// </summary>
    IReadOnlyList<long> FreedAfter(long after);

    /// <summary>
    /// The live allocations that hold a listed domain or are a context a step holds, oldest first,
    /// each once: a leak walk that knew what had leaked counts one that leaves them again.
    /// </summary>
    IReadOnlyList<UnlistedAllocation> HeldAllocations();
}
