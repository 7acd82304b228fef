using System.Runtime.InteropServices;

namespace Conformance.Observation;

public sealed partial class StateSnapshot
{
    /// <summary>
    /// Whether every compared observable is equal. Allocation-free: the lockstep loop calls it
    /// every step. Not compared: counters.generation and counters.messages_total (each side
    /// counts those its own way), domains' MaskOffset (buffer layout), rule reports' detail (free
    /// text), the order of WARN sites (both first-hit, but a site is known by its function and
    /// condition). A resource's FirstDomain is compared with the rest of its row: on either side
    /// it is the counts of the resources before it, which are compared anyway.
    /// </summary>
    public bool SameAs(StateSnapshot other) => SameAs(other, agreedAtLastFill: false);

    /// <summary>
    /// <see cref="SameAs(StateSnapshot)"/> when both snapshots were equal at their last fill:
    /// a mask neither side wrote this fill (each kept it where it was) is equal still, and is
    /// not compared again. A step costs the masks it changed.
    /// </summary>
    public bool SameAs(StateSnapshot other, bool agreedAtLastFill) =>
        SameStep(Step, other.Step)
        && SameCounters(in Counters, in other.Counters)
        && SameLifecycle(in Lifecycle, in other.Lifecycle)
        && MaskWords == other.MaskWords
        && OnlineMask.SequenceEqual(other.OnlineMask)
        && SameResources(other)
        && SameDomains(other, agreedAtLastFill)
        && SameWarnSites(WarnSites.AsSpan(), other.WarnSites.AsSpan())
        && (KeptRows<ConfigObservation>.BothKept(_configs, other._configs, agreedAtLastFill) || SameConfigs(Configs.AsSpan(), other.Configs.AsSpan()))
        && SameRegisters(other, agreedAtLastFill);

    private static bool SameConfigs(ReadOnlySpan<ConfigObservation> a, ReadOnlySpan<ConfigObservation> b)
    {
        if (a.Length != b.Length)
            return false;
        for (int i = 0; i < a.Length; i++)
            if (!a[i].SameAs(in b[i]))
                return false;
        return true;
    }

    private static bool SameStep(StepObservation a, StepObservation b)
    {
        if (a.Rc != b.Rc || a.Events.Count != b.Events.Count || a.RuleReports.Count != b.RuleReports.Count)
            return false;
        var ea = a.Events.AsSpan();
        var eb = b.Events.AsSpan();
        for (int i = 0; i < ea.Length; i++)
            if (!SameEvent(in ea[i], in eb[i]))
                return false;
        var ra = a.RuleReports.AsSpan();
        var rb = b.RuleReports.AsSpan();
        for (int i = 0; i < ra.Length; i++)
            if (!SameRule(in ra[i], in rb[i]))
                return false;
        return SameWarnHits(a.NewWarnHits.AsSpan(), b.NewWarnHits.AsSpan());
    }

    internal static bool SameEvent(in EventObservation a, in EventObservation b) =>
        a.Kind == b.Kind && a.Rid == b.Rid && a.DomainId == b.DomainId && a.Cpu == b.Cpu
        && a.DomainCpuCount == b.DomainCpuCount && a.Seq == b.Seq;

    internal static bool SameRule(in RuleReportObservation a, in RuleReportObservation b) =>
        a.Kind == b.Kind && a.Seq == b.Seq && a.Printed == b.Printed && string.Equals(a.Function, b.Function, StringComparison.Ordinal);

    internal static bool SameCounters(in CounterObservation a, in CounterObservation b) =>
        a.AllocsTotal == b.AllocsTotal && a.FreesTotal == b.FreesTotal && a.AllocsLive == b.AllocsLive
        && a.AllocFailures == b.AllocFailures && a.DoubleFrees == b.DoubleFrees && a.ForeignFrees == b.ForeignFrees
        && a.WarnHits == b.WarnHits && a.RuleReports == b.RuleReports && a.Violations == b.Violations && a.SyncRcuCalls == b.SyncRcuCalls
        && a.WakeUps == b.WakeUps
        && a.LedgerFingerprint == b.LedgerFingerprint
        && a.EventsTotal == b.EventsTotal;

    private static bool SameLifecycle(in LifecycleObservation a, in LifecycleObservation b) =>
        a.NrCpuIds == b.NrCpuIds && a.MpamEnabled == b.MpamEnabled && a.SetupDone == b.SetupDone
        && a.SetupResult == b.SetupResult && a.CallbacksRegistered == b.CallbacksRegistered && a.FreedListed == b.FreedListed
        && a.ContextsHeld == b.ContextsHeld && a.RmidReallocLimit == b.RmidReallocLimit && a.RmidReallocThreshold == b.RmidReallocThreshold;

    // Every field of every row, as bytes: the rows are plain and zeroed when added, padding included.
    private bool SameResources(StateSnapshot other) =>
        MemoryMarshal.AsBytes(Resources.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(other.Resources.AsSpan()));

    private bool SameDomains(StateSnapshot other, bool agreedAtLastFill)
    {
        var a = Domains.AsSpan();
        var b = other.Domains.AsSpan();
        if (a.Length != b.Length)
            return false;
        // Both kept their domains since they agreed, and made the same edits (if any): the rows pair
        // up, and only those a side inserted or whose masks it rewrote can differ. Sides that made
        // the same step name the same rows: those are compared once.
        if (agreedAtLastFill && DomainsKept && other.DomainsKept && SameEdits(other))
        {
            ReadOnlySpan<int> inserted = InsertedSlots, written = WrittenSlots;
            return SameSlots(other, inserted) && (inserted.SequenceEqual(other.InsertedSlots) || SameSlots(other, other.InsertedSlots))
                && SameChangedWords(other, written) && (written.SequenceEqual(other.WrittenSlots) || SameChangedWords(other, other.WrittenSlots));
        }
        for (int i = 0; i < a.Length; i++)
            if (!SameSlot(other, i, agreedAtLastFill))
                return false;
        return true;
    }

    private bool SameEdits(StateSnapshot other) => Edits.SequenceEqual(other.Edits);

    private bool SameSlots(StateSnapshot other, ReadOnlySpan<int> slots)
    {
        foreach (int i in slots)
            if (!SameSlot(other, i, agreedAtLastFill: false))
                return false;
        return true;
    }

    private bool SameSlot(StateSnapshot other, int i, bool agreedAtLastFill)
    {
        ref readonly var a = ref Domains[i];
        ref readonly var b = ref other.Domains[i];
        if (!SameHeader(in a, in b))
            return false;
        // Unchanged on both sides since they agreed, and then at the same place: equal still.
        return (agreedAtLastFill && a.WasSlot >= 0 && a.WasSlot == b.WasSlot) || MaskOf(i).SequenceEqual(other.MaskOf(i));
    }

    private static bool SameHeader(in DomainObservation a, in DomainObservation b) =>
        a.Id == b.Id && a.Type == b.Type && a.Rid == b.Rid && a.CompId == b.CompId && a.CpuCount == b.CpuCount;

    // Rows that pair up (both sides agreed, kept their domains and made the same edits) held equal
    // masks before this fill: only the words either side changed since can differ.
    private bool SameChangedWords(StateSnapshot other, ReadOnlySpan<int> slots)
    {
        foreach (int i in slots)
        {
            if (!SameHeader(in Domains[i], in other.Domains[i]))
                return false;
            var (from, end) = Union(ChangedWords(i), other.ChangedWords(i));
            if (!MaskOf(i)[from..end].SequenceEqual(other.MaskOf(i)[from..end]))
                return false;
        }
        return true;
    }

    // The least run of words that holds both (an empty run holds nothing).
    private static (int From, int End) Union((int From, int End) a, (int From, int End) b) =>
        a.From == a.End ? b : b.From == b.End ? a : (Math.Min(a.From, b.From), Math.Max(a.End, b.End));

    private static bool SameWarnSites(ReadOnlySpan<WarnSiteObservation> a, ReadOnlySpan<WarnSiteObservation> b)
    {
        if (a.Length != b.Length)
            return false;
        foreach (ref readonly var site in a)
        {
            int j = IndexOfSite(b, site.Function, site.Condition);
            if (j < 0 || b[j].Hits != site.Hits || b[j].Reported != site.Reported)
                return false;
        }
        return true;
    }

    private static bool SameWarnHits(ReadOnlySpan<WarnHitObservation> a, ReadOnlySpan<WarnHitObservation> b)
    {
        if (a.Length != b.Length)
            return false;
        foreach (ref readonly var hit in a)
        {
            bool found = false;
            foreach (ref readonly var other in b)
                if (other.Hits == hit.Hits && string.Equals(other.Function, hit.Function, StringComparison.Ordinal)
                    && string.Equals(other.Condition, hit.Condition, StringComparison.Ordinal))
                    found = true;
            if (!found)
                return false;
        }
        return true;
    }

    internal static int IndexOfSite(ReadOnlySpan<WarnSiteObservation> sites, string function, string condition)
    {
        for (int i = 0; i < sites.Length; i++)
            if (string.Equals(sites[i].Function, function, StringComparison.Ordinal)
                && string.Equals(sites[i].Condition, condition, StringComparison.Ordinal))
                return i;
        return -1;
    }
}
