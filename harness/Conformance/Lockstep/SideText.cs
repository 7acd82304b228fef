using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// One side's scratch for its recorded columns (<see cref="SideStateText.Row"/>): the rc and the
/// events, written at each recorded step, and the counters text, kept while the counters stay.
/// One per side: a row holds both sides' columns at once.
/// </summary>
public sealed class SideText
{
    public Utf8TextBuilder Rc { get; } = new(16);
    public Utf8TextBuilder Events { get; } = new(64);
    public CountersText Counters { get; } = new();
}
