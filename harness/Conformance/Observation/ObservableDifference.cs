namespace Conformance.Observation;

/// <summary>
/// One observable on which two snapshots disagree: its name as reports print it
/// (<c>rc</c>, <c>domain list of L3</c>, <c>cpu mask of domain L3/1</c>, <c>counters.warn_hits</c>, ...)
/// and its value on each side in the canonical text forms. Left is the snapshot
/// <see cref="StateSnapshot.Diff"/> was called on, Right the argument.
/// </summary>
public sealed record ObservableDifference(string Observable, string Left, string Right)
{
    public override string ToString() => $"{Observable}: {Left} vs {Right}";
}
