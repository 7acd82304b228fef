using Conformance.Observation;
using Conformance.Results;

namespace Conformance.Lockstep;

/// <summary>One side's snapshot in the canonical text forms reports print.</summary>
public static class SideStateText
{
    public static SideState Of(StateSnapshot s) => Row(s, _scratch ??= new SideText()).ToState();

    [ThreadStatic]
    private static SideText? _scratch;

    /// <summary>
    /// The snapshot's five columns: the rc and the events written into the side's scratch, the
    /// domains and the online CPUs the texts the snapshot keeps, the counters the text the scratch
    /// keeps while they stay. Valid until the snapshot is filled or the scratch written again.
    /// </summary>
    public static SideRow Row(StateSnapshot s, SideText scratch)
    {
        var rc = scratch.Rc.Clear().Append(RcText.Format(s.Step.Rc, s.Step.RcKind));
        var events = scratch.Events.Clear();
        EventText.AppendList(events, s.Step.Events.AsSpan(), s.Profile);
        var domains = s.DomainColumnText();
        var online = s.OnlineCpuListText();
        return new SideRow(rc.Span, domains, events.Span, scratch.Counters.Of(s), online.IsEmpty ? "-"u8 : online);
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
