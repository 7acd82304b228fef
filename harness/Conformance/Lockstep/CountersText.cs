using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// The compared counters and WARN sites as the step log writes them, with the keys expect_counters
/// uses. Recorded steps mostly leave the counters as they were (an online changes a mask, not the
/// ledger): the text is rewritten in place only when they change.
/// </summary>
public sealed class CountersText
{
    private CounterObservation _counters;
    private readonly RowBuffer<WarnSiteObservation> _sites = new(4);
    private readonly Utf8TextBuilder _utf8 = new();
    private bool _made;

    /// <summary>The counters and WARN sites of <paramref name="s"/> as UTF-8; valid until the next call.</summary>
    public ReadOnlySpan<byte> Of(StateSnapshot s)
    {
        ref readonly var c = ref s.Counters;
        var sites = s.WarnSites.AsSpan();
        if (_made && Same(in c, sites))
            return _utf8.Span;
        _counters = c;
        _sites.Clear();
        foreach (ref readonly var site in sites)
            _sites.Add(site);
        _made = true;
        var text = _utf8.Clear();
        Counter(text, "allocs_live", c.AllocsLive);
        Counter(text, "allocs_total", c.AllocsTotal);
        Counter(text, "frees", c.FreesTotal);
        Counter(text, "alloc_failures", c.AllocFailures);
        Counter(text, "double_frees", c.DoubleFrees);
        Counter(text, "foreign_frees", c.ForeignFrees);
        Counter(text, "warns", c.WarnHits);
        Counter(text, "rules", c.RuleReports);
        Counter(text, "sync_rcu", c.SyncRcuCalls);
        Counter(text, "wake_ups", c.WakeUps);
        foreach (ref readonly var site in sites)
            Counter(text, Vectors.CounterKeys.WarnKey(site.Function, site.Condition), site.Hits);
        return text.Span;
    }

    // "key=value", a space before all but the first.
    private static void Counter(Utf8TextBuilder text, string key, ulong value) =>
        (text.Length > 0 ? text.Append(' ') : text).Append(key).Append('=').Append(value);

    private bool Same(in CounterObservation c, ReadOnlySpan<WarnSiteObservation> sites)
    {
        if (c.AllocsLive != _counters.AllocsLive || c.AllocsTotal != _counters.AllocsTotal || c.FreesTotal != _counters.FreesTotal
            || c.AllocFailures != _counters.AllocFailures || c.DoubleFrees != _counters.DoubleFrees || c.ForeignFrees != _counters.ForeignFrees
            || c.WarnHits != _counters.WarnHits || c.RuleReports != _counters.RuleReports || c.SyncRcuCalls != _counters.SyncRcuCalls || c.WakeUps != _counters.WakeUps
            || sites.Length != _sites.Count)
            return false;
        var kept = _sites.AsSpan();
        for (int i = 0; i < sites.Length; i++)
            if (sites[i].Hits != kept[i].Hits || sites[i].Function != kept[i].Function || sites[i].Condition != kept[i].Condition)
                return false;
        return true;
    }
}
