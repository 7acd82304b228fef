namespace Conformance.Observation;

/// <summary>
/// A live allocation as one side's leak walk sees it: leaked (it holds no listed domain and no
/// held monitor context), or what holds one. <see cref="Line"/> is the patch's line of the allocating call when the side
/// knows it (the C stand-ins see <c>__LINE__</c>), else 0; <see cref="Rid"/> the resource it was
/// allocated for when the side knows it (the model does), else -1. <see cref="Call"/> is the
/// allocating call's text, to find its line when only the function is known.
/// </summary>
public readonly record struct UnlistedAllocation(long Token, string Site, int Line, int Rid, string Call);
