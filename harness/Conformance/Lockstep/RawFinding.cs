namespace Conformance.Lockstep;

/// <summary>
/// A finding as one side's checks produce it. <see cref="Key"/> identifies the fact (the same
/// leak, the same CPU missing from the same resource) so that it is reported once, when it
/// first appears, and again only if it goes away and comes back.
/// </summary>
/// <remarks>
/// <see cref="Function"/> and <see cref="Needle"/> say where in the patch's source the fact comes
/// from (the function, and the text of the check inside it), for the parent to turn into a line.
/// <see cref="Count"/> is the fact's size now (allocations leaked) or, for an
/// <see cref="Event"/> (a WARN, a rule report: something that happens at a step rather than a
/// state that holds), how often it happened at this step.
/// </remarks>
public readonly record struct RawFinding(string Key, string Kind, string Text, string? Function = null, string? Needle = null,
    int Count = 1, bool Event = false);
