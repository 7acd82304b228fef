using Conformance.Observation;
using Conformance.Results;

namespace Conformance.Lockstep;

/// <summary>One side's snapshot in the canonical text forms reports print.</summary>
public static class SideStateText
{
    public static SideState Of(StateSnapshot s) => Write(s, _columns ??= new SideColumns()).ToState();

    /// <summary>The snapshot's five columns, written over <paramref name="into"/>'s.</summary>
    public static SideColumns Write(StateSnapshot s, SideColumns into)
    {
        into.Clear();
        into.Rc.Append(RcText.Format(s.Step.Rc, s.Step.RcKind));
        into.Domains.Append(s.DomainColumnText());
        EventText.AppendList(into.Events, s.Step.Events.AsSpan(), s.Profile);
        into.Counters.Append(CountersOf(s).Utf8);
        var online = s.OnlineCpuListText();
        if (online.IsEmpty)
            into.OnlineCpus.Append('-');
        else
            into.OnlineCpus.Append(online);
        return into;
    }

    [ThreadStatic]
    private static SideColumns? _columns;

    /// <summary>The compared counters and WARN sites, with the keys expect_counters uses.</summary>
    /// <remarks>
    /// Recorded steps mostly leave the counters as they were (an online changes a mask, not the
    /// ledger): the text of the last counters and sites is kept per thread and given again.
    /// </remarks>
    public static string Counters(StateSnapshot s) => CountersOf(s).Text!;

    private static CountersText CountersOf(StateSnapshot s)
    {
        ref readonly var c = ref s.Counters;
        var last = _lastCounters ??= new CountersText();
        if (last.Made && last.Same(in c, s.WarnSites.AsSpan()))
            return last;
        var text = last.Remember(in c, s.WarnSites.AsSpan());
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
        foreach (ref readonly var site in s.WarnSites.AsSpan())
            Counter(text, Vectors.CounterKeys.WarnKey(site.Function, site.Condition), site.Hits);
        return last;
    }

    // "key=value", a space before all but the first.
    private static void Counter(Utf8TextBuilder text, string key, ulong value) =>
        (text.Length > 0 ? text.Append(' ') : text).Append(key).Append('=').Append(value);

    [ThreadStatic]
    private static CountersText? _lastCounters;

    // The counters and WARN sites a text was made of, and the text: rewritten in place when they
    // change (an allocation or a free changes them every few steps), a string made only when asked.
    private sealed class CountersText
    {
        private CounterObservation _counters;
        private readonly RowBuffer<WarnSiteObservation> _sites = new(4);
        private readonly Utf8TextBuilder _utf8 = new();
        private string? _text;

        public bool Made { get; private set; }

        public string Text => _text ??= _utf8.ToString();

        // The text as the step log writes it.
        public ReadOnlySpan<byte> Utf8 => _utf8.Span;

        public bool Same(in CounterObservation c, ReadOnlySpan<WarnSiteObservation> sites)
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

        /// <summary>These counters and sites are the ones the text is made of: the builder to write it into, empty.</summary>
        public Utf8TextBuilder Remember(in CounterObservation c, ReadOnlySpan<WarnSiteObservation> sites)
        {
            _counters = c;
            _sites.Clear();
            foreach (ref readonly var site in sites)
                _sites.Add(site);
            _text = null;
            Made = true;
            return _utf8.Clear();
        }
    }

    /// <summary>Everything about one side, a line each: for a failure's details.</summary>
    public static IEnumerable<string> Describe(string side, StateSnapshot s)
    {
        var state = Of(s);
        yield return $"{side}: rc {state.Rc}";
        yield return $"{side}: domains {state.Domains}";
        yield return $"{side}: events {state.Events}";
        yield return $"{side}: online {state.OnlineCpus}";
        yield return $"{side}: {state.Counters}";
        yield return $"{side}: mpam_enabled={s.Lifecycle.MpamEnabled} setup_done={s.Lifecycle.SetupDone} setup_result={s.Lifecycle.SetupResult} callbacks_registered={s.Lifecycle.CallbacksRegistered}";
        yield return $"{side}: MPAM0_EL1 tasks {string.Join(", ", ((ReadOnlySpan<ulong>)s.Registers.Tasks).ToArray().Select(RegisterText.Format))}; global default {RegisterText.Format(s.Registers.GlobalDefault)}; CPU defaults {RegisterText.Runs(s.CpuRegisters.AsSpan(), current: false)}; CPUs {RegisterText.Runs(s.CpuRegisters.AsSpan(), current: true)}";
        for (int i = 0; i < s.Step.RuleReports.Count; i++)
            yield return $"{side}: rule report {RuleText.Format(s.Step.RuleReports[i])} {s.Step.RuleReports[i].Detail}";
    }
}
