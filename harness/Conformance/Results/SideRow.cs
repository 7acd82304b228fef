using System.Text;

namespace Conformance.Results;

/// <summary>
/// One side's observables in the step log's five columns, as UTF-8 views of texts kept elsewhere:
/// a recorded step's point into its snapshot's domain column and cpulists and its side's scratch
/// (<c>SideStateText.Row</c>), a record's into its <see cref="SideColumns"/>. Valid until whoever
/// keeps them writes again: the row goes to the log as it is, no column copied on the way.
/// </summary>
public readonly ref struct SideRow(ReadOnlySpan<byte> rc, ReadOnlySpan<byte> domains, ReadOnlySpan<byte> events,
    ReadOnlySpan<byte> counters, ReadOnlySpan<byte> onlineCpus)
{
    public ReadOnlySpan<byte> Rc { get; } = rc;
    public ReadOnlySpan<byte> Domains { get; } = domains;
    public ReadOnlySpan<byte> Events { get; } = events;
    public ReadOnlySpan<byte> Counters { get; } = counters;
    public ReadOnlySpan<byte> OnlineCpus { get; } = onlineCpus;

    /// <summary>Every column the same text: a row whose sides read alike is written as agreeing.</summary>
    public bool SameText(in SideRow other) =>
        Rc.SequenceEqual(other.Rc) && Domains.SequenceEqual(other.Domains) && Events.SequenceEqual(other.Events)
        && Counters.SequenceEqual(other.Counters) && OnlineCpus.SequenceEqual(other.OnlineCpus);

    /// <summary>The columns as strings, for the records a report keeps in memory.</summary>
    public SideState ToState() =>
        new(Encoding.UTF8.GetString(Rc), Encoding.UTF8.GetString(Domains), Encoding.UTF8.GetString(Events),
            Encoding.UTF8.GetString(Counters), Encoding.UTF8.GetString(OnlineCpus));
}
