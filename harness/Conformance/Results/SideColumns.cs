using Conformance.Observation;

namespace Conformance.Results;

/// <summary>
/// One side's observables in the step log's five columns, as UTF-8, rebuilt in place at each
/// recorded step: the row goes to the log as bytes, and a <see cref="SideState"/> of strings is
/// made only for the records a report keeps in memory.
/// </summary>
public sealed class SideColumns
{
    public Utf8TextBuilder Rc { get; } = new(16);
    public Utf8TextBuilder Domains { get; } = new();
    public Utf8TextBuilder Events { get; } = new(64);
    public Utf8TextBuilder Counters { get; } = new();
    public Utf8TextBuilder OnlineCpus { get; } = new();

    public SideColumns Clear()
    {
        Rc.Clear();
        Domains.Clear();
        Events.Clear();
        Counters.Clear();
        OnlineCpus.Clear();
        return this;
    }

    /// <summary>The columns of a record read back or kept in memory.</summary>
    public SideColumns Set(SideState state)
    {
        Clear();
        Rc.Append(state.Rc);
        Domains.Append(state.Domains);
        Events.Append(state.Events);
        Counters.Append(state.Counters);
        OnlineCpus.Append(state.OnlineCpus);
        return this;
    }

    public SideState ToState() =>
        new(Rc.ToString(), Domains.ToString(), Events.ToString(), Counters.ToString(), OnlineCpus.ToString());

    /// <summary>Every column the same text: a row whose sides read alike is written as agreeing.</summary>
    public bool SameText(SideColumns other) =>
        Rc.Span.SequenceEqual(other.Rc.Span) && Domains.Span.SequenceEqual(other.Domains.Span)
        && Events.Span.SequenceEqual(other.Events.Span) && Counters.Span.SequenceEqual(other.Counters.Span)
        && OnlineCpus.Span.SequenceEqual(other.OnlineCpus.Span);
}
