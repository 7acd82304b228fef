using System.Text;
using Conformance.Observation;
using Conformance.Results;

namespace Conformance.Lockstep;

/// <summary>One side's snapshot in the canonical text forms reports print.</summary>
public static class SideStateText
{
    public static SideState Of(StateSnapshot s) => new(
        RcText.Format(s.Step.Rc, s.Step.RcKind),
        DomainText.Format(s),
        EventText.FormatList(s.Step.Events.AsSpan(), s.Profile),
        Counters(s),
        CpuMaskBits.IsEmpty(s.OnlineMask) ? "-" : CpuList.Format(s.OnlineMask));

    /// <summary>The compared counters and WARN sites, with the keys expect_counters uses.</summary>
    public static string Counters(StateSnapshot s)
    {
        ref readonly var c = ref s.Counters;
        var text = Observation.TextBuilder.Acquire()
            .Append($"allocs_live={c.AllocsLive} allocs_total={c.AllocsTotal} frees={c.FreesTotal} alloc_failures={c.AllocFailures} ")
            .Append($"double_frees={c.DoubleFrees} foreign_frees={c.ForeignFrees} warns={c.WarnHits} rules={c.RuleReports} sync_rcu={c.SyncRcuCalls}");
        foreach (ref readonly var site in s.WarnSites.AsSpan())
            text.Append(' ').Append(Vectors.CounterKeys.WarnKey(site.Function, site.Condition)).Append('=').Append(site.Hits);
        return Observation.TextBuilder.Release(text);
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
        for (int i = 0; i < s.Step.RuleReports.Count; i++)
            yield return $"{side}: rule report {RuleText.Format(s.Step.RuleReports[i])} {s.Step.RuleReports[i].Detail}";
    }
}
