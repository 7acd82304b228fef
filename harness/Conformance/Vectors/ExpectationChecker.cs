using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>
/// Holds one side's observations against what the vector's rows expect. Feed it every step of a
/// scenario in order (<see cref="Check"/>): rc is checked after each step, domains, events and
/// counters after a row's last step, events being those of all the row's steps.
/// Allocation-free while everything matches (but for rows that expect events, whose events it keeps).
/// </summary>
public sealed class ExpectationChecker
{
    private static readonly IReadOnlyList<string> NoMismatch = [];
    private readonly RowBuffer<EventObservation> _rowEvents = new(16);

    /// <summary>Human-readable mismatches of this step against its row; empty when it holds.</summary>
    public IReadOnlyList<string> Check(Step step, StateSnapshot state)
    {
        if (step.FirstOfRow)
            _rowEvents.Clear();
        var expect = step.Expect;
        if (expect.IsEmpty)
            return NoMismatch;
        if (expect.Events is not null)
            foreach (ref readonly var e in state.Step.Events.AsSpan())
                _rowEvents.Add(in e);

        List<string>? mismatches = null;
        void Add(string text) => (mismatches ??= []).Add(text);

        if (expect.Rc is { } rc && state.Step.Rc != rc)
            Add($"expect_rc: expected {RcText.Format(rc, step.RcKind)} but was {RcText.Format(state.Step.Rc, step.RcKind)}");
        if (!step.LastOfRow)
            return mismatches ?? NoMismatch;

        if (expect.Domains is { } domains && !domains.Matches(state))
            Add($"expect_domains: expected {domains.Format(state.Profile)} but was {DomainText.Format(state)}");
        if (expect.Events is { } events && !EventsMatch(events))
            Add($"expect_events: expected {EventText.FormatList(events, state.Profile)} but was {EventText.FormatList(_rowEvents.AsSpan(), state.Profile)}");
        if (expect.Counters is { } counters)
            foreach (var counter in counters)
            {
                long actual = CounterKeys.Read(counter, state);
                if (actual != counter.Value)
                    Add($"expect_counters: expected {counter.Key}={counter.Value} but was {counter.Key}={actual}");
            }
        return mismatches ?? NoMismatch;
    }

    private bool EventsMatch(IReadOnlyList<ExpectedEvent> expected)
    {
        var actual = _rowEvents.AsSpan();
        if (actual.Length != expected.Count)
            return false;
        for (int i = 0; i < actual.Length; i++)
            if (!expected[i].Matches(in actual[i]))
                return false;
        return true;
    }
}
