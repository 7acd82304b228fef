namespace Conformance.Observation;

/// <summary>
/// What one step did on one side, beyond the state it left: its return code, the events it
/// emitted, the rule reports it raised and the WARN sites whose condition it made true.
/// Reused step after step; <see cref="Begin"/> clears it without allocating.
/// </summary>
public sealed class StepObservation
{
    public int Rc { get; set; }

    public RcKind RcKind { get; set; }

    public RowBuffer<EventObservation> Events { get; } = new();

    public RowBuffer<RuleReportObservation> RuleReports { get; } = new();

    public RowBuffer<WarnHitObservation> NewWarnHits { get; } = new();

    public void Begin(RcKind kind)
    {
        Rc = 0;
        RcKind = kind;
        Events.Clear();
        RuleReports.Clear();
        NewWarnHits.Clear();
    }

    public void CopyFrom(StepObservation other)
    {
        Rc = other.Rc;
        RcKind = other.RcKind;
        other.Events.AsSpan().CopyTo(Events.Resize(other.Events.Count));
        other.RuleReports.AsSpan().CopyTo(RuleReports.Resize(other.RuleReports.Count));
        other.NewWarnHits.AsSpan().CopyTo(NewWarnHits.Resize(other.NewWarnHits.Count));
    }

    /// <summary>
    /// Fills <see cref="NewWarnHits"/> from the growth of the cumulative WARN sites between two
    /// snapshots of the same side; for a side (the C one) that only reports totals.
    /// </summary>
    public void RecordWarnGrowth(ReadOnlySpan<WarnSiteObservation> before, ReadOnlySpan<WarnSiteObservation> after)
    {
        NewWarnHits.Clear();
        foreach (ref readonly var site in after)
        {
            uint previous = 0;
            foreach (ref readonly var old in before)
                if (string.Equals(old.Function, site.Function, StringComparison.Ordinal)
                    && string.Equals(old.Condition, site.Condition, StringComparison.Ordinal))
                    previous = old.Hits;
            if (site.Hits > previous)
                NewWarnHits.Add(new WarnHitObservation { Function = site.Function, Condition = site.Condition, Hits = site.Hits - previous });
        }
    }
}
