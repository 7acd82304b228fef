using Conformance.Observation;

namespace Conformance.Results;

/// <summary>A record's five columns held as UTF-8, for writing a record read back or kept in memory as a row.</summary>
public sealed class SideColumns
{
    private readonly Utf8TextBuilder _rc = new(16), _domains = new(), _events = new(64), _counters = new(), _onlineCpus = new();

    public SideColumns Set(SideState state)
    {
        _rc.Clear().Append(state.Rc);
        _domains.Clear().Append(state.Domains);
        _events.Clear().Append(state.Events);
        _counters.Clear().Append(state.Counters);
        _onlineCpus.Clear().Append(state.OnlineCpus);
        return this;
    }

    public SideRow Row => new(_rc.Span, _domains.Span, _events.Span, _counters.Span, _onlineCpus.Span);
}
