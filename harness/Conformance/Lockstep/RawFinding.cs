namespace Conformance.Lockstep;

/// <summary>
/// A finding as one side's checks produce it. <see cref="Key"/> identifies the fact (the same
/// leak, the same CPU missing from the same resource) so that it is reported once, when it
/// first appears, and again only if it goes away and comes back.
/// </summary>
public readonly record struct RawFinding(string Key, string Kind, string Text);
