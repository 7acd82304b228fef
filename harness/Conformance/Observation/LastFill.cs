namespace Conformance.Observation;

/// <summary>
/// The snapshot a side filled last, and at which fill: whether a snapshot still holds what the
/// side put there, so that the side may leave in place what did not change.
/// </summary>
public struct LastFill
{
    private StateSnapshot? _snapshot;
    private long _serial;

    /// <summary>Whether <paramref name="s"/> is the snapshot this side filled last, untouched since.</summary>
    public readonly bool Holds(StateSnapshot s) => ReferenceEquals(s, _snapshot) && s.FillSerial == _serial;

    /// <summary>This side has just begun filling <paramref name="s"/>.</summary>
    public void Filled(StateSnapshot s)
    {
        _snapshot = s;
        _serial = s.FillSerial;
    }

    /// <summary>No snapshot holds what this side put there (its own buffers were refilled, or it was reset).</summary>
    public void Forget() => _snapshot = null;
}
