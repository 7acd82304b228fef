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
/// state that holds), how often it happened at this step. <see cref="Text"/> states the fact the
/// same way wherever it shows; <see cref="Detail"/> is what this instance adds (the CPUs, the
/// domain). <see cref="SourceLine"/> is the 1-based line of the patch's file when the side knows
/// it itself (the C stand-ins see <c>__LINE__</c>); 0 leaves it to <see cref="Needle"/>.
/// </remarks>
public readonly record struct RawFinding(string Key, string Kind, string Text, string? Function = null, string? Needle = null,
    int Count = 1, bool Event = false, string? Detail = null, int SourceLine = 0);
