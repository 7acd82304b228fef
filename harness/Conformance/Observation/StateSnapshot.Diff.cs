using System.Globalization;

namespace Conformance.Observation;

public sealed partial class StateSnapshot
{
    /// <summary>
    /// Every compared observable on which the two differ, named the way reports print them.
    /// Allocates; call it only once <see cref="SameAs"/> said no.
    /// </summary>
    public IReadOnlyList<ObservableDifference> Diff(StateSnapshot other)
    {
        var diffs = new List<ObservableDifference>();
        void Add(string name, string left, string right)
        {
            if (!string.Equals(left, right, StringComparison.Ordinal))
                diffs.Add(new ObservableDifference(name, left, right));
        }
        static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
        static string Flag(bool value) => value ? "1" : "0";

        if (Step.Rc != other.Step.Rc)
            diffs.Add(new ObservableDifference("rc", RcText.Format(Step.Rc, Step.RcKind), RcText.Format(other.Step.Rc, other.Step.RcKind)));
        DiffEvents(other, diffs);
        DiffRules(other, diffs);
        Add("new WARN hits", WarnHitsText(Step.NewWarnHits.AsSpan()), WarnHitsText(other.Step.NewWarnHits.AsSpan()));

        Add("nr_cpu_ids", Num(Lifecycle.NrCpuIds), Num(other.Lifecycle.NrCpuIds));
        Add("mpam enabled", Flag(Lifecycle.MpamEnabled), Flag(other.Lifecycle.MpamEnabled));
        Add("setup done", Flag(Lifecycle.SetupDone), Flag(other.Lifecycle.SetupDone));
        Add("setup result", RcText.Format(Lifecycle.SetupResult, RcKind.Status), RcText.Format(other.Lifecycle.SetupResult, RcKind.Status));
        Add("cpuhp state installed", Flag(Lifecycle.CallbacksRegistered), Flag(other.Lifecycle.CallbacksRegistered));
        Add("listed domains in freed memory", Num(Lifecycle.FreedListed), Num(other.Lifecycle.FreedListed));
        Add("monitor contexts held", Num(Lifecycle.ContextsHeld), Num(other.Lifecycle.ContextsHeld));
        Add("resctrl_rmid_realloc_limit", Num(Lifecycle.RmidReallocLimit), Num(other.Lifecycle.RmidReallocLimit));
        Add("resctrl_rmid_realloc_threshold", Num(Lifecycle.RmidReallocThreshold), Num(other.Lifecycle.RmidReallocThreshold));
        Add("hotplug online mask", CpuList.Format(OnlineMask), CpuList.Format(other.OnlineMask));

        DiffResources(other, diffs, Add);

        ref readonly var a = ref Counters;
        ref readonly var b = ref other.Counters;
        Add("counters.allocs_total", Num((long)a.AllocsTotal), Num((long)b.AllocsTotal));
        Add("counters.frees", Num((long)a.FreesTotal), Num((long)b.FreesTotal));
        Add("counters.allocs_live", Num(a.AllocsLive), Num(b.AllocsLive));
        Add("counters.alloc_failures", Num(a.AllocFailures), Num(b.AllocFailures));
        Add("counters.double_frees", Num(a.DoubleFrees), Num(b.DoubleFrees));
        Add("counters.foreign_frees", Num(a.ForeignFrees), Num(b.ForeignFrees));
        Add("counters.warn_hits", Num(a.WarnHits), Num(b.WarnHits));
        Add("counters.rule_reports", Num(a.RuleReports), Num(b.RuleReports));
        Add("counters.violations", Num(a.Violations), Num(b.Violations));
        Add("the node, GFP flags and size of the live allocations (fingerprint)", $"{a.LedgerFingerprint:x16}", $"{b.LedgerFingerprint:x16}");
        Add("counters.sync_rcu", Num(a.SyncRcuCalls), Num(b.SyncRcuCalls));
        Add("counters.wake_ups", Num(a.WakeUps), Num(b.WakeUps));
        Add("counters.events_total", Num(a.EventsTotal), Num(b.EventsTotal));

        DiffWarnSites(other, Add);
        Add("configured partids", ConfigsText(Configs.AsSpan()), ConfigsText(other.Configs.AsSpan()));
        DiffRegisters(other, Add);
        return diffs;
    }

    /// <summary>"L3/0 partid 1: features 0x1 cpbm 0xf ..." for each configured partid, or "none".</summary>
    private string ConfigsText(ReadOnlySpan<ConfigObservation> configs)
    {
        if (configs.IsEmpty)
            return "none";
        var parts = new List<string>();
        foreach (ref readonly var c in configs)
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{Profile.NameOf(c.Rid)}/{c.DomainId} partid {c.Partid}: features 0x{c.Features:x} cpbm 0x{c.Cpbm:x} mbw_pbm 0x{c.MbwPbm:x} mbw_max 0x{c.MbwMax:x}"));
        return string.Join("; ", parts);
    }

    // A name as the filesystem would show it: NULL (not set yet) reads as none.
    private static string Quoted(string name) => name.Length == 0 ? "none" : $"\"{name}\"";

    private void DiffResources(StateSnapshot other, List<ObservableDifference> diffs, Action<string, string, string> add)
    {
        if (Resources.Count != other.Resources.Count)
        {
            diffs.Add(new ObservableDifference("resource count",
                Resources.Count.ToString(CultureInfo.InvariantCulture), other.Resources.Count.ToString(CultureInfo.InvariantCulture)));
            return;
        }
        for (int r = 0; r < Resources.Count; r++)
        {
            ref var a = ref Resources[r];
            ref var b = ref other.Resources[r];
            string name = Profile.NameOf(a.Rid);
            // Resources are filled in rid order: one that is not where the other side has it names none of the rest.
            add($"resource #{r + 1}", name, other.Profile.NameOf(b.Rid));
            add($"class mapped of {name}", a.ClassMapped ? "yes" : "no", b.ClassMapped ? "yes" : "no");
            add($"class of {name}", a.ClassId.ToString(CultureInfo.InvariantCulture), b.ClassId.ToString(CultureInfo.InvariantCulture));
            add($"alloc_capable of {name}", a.AllocCapable ? "1" : "0", b.AllocCapable ? "1" : "0");
            add($"CDP of {name}", a.CdpEnabled ? "on" : "off", b.CdpEnabled ? "on" : "off");
            add($"mon_capable of {name}", a.MonCapable ? "1" : "0", b.MonCapable ? "1" : "0");
            add($"default control of {name}", $"0x{a.DefaultCtrl:x}", $"0x{b.DefaultCtrl:x}");
            add($"min_bw of {name}", a.MinBw.ToString(CultureInfo.InvariantCulture), b.MinBw.ToString(CultureInfo.InvariantCulture));
            add($"bw_gran of {name}", a.BwGran.ToString(CultureInfo.InvariantCulture), b.BwGran.ToString(CultureInfo.InvariantCulture));
            add($"num_rmid of {name}", a.NumRmid.ToString(CultureInfo.InvariantCulture), b.NumRmid.ToString(CultureInfo.InvariantCulture));
            add($"name the filesystem shows for {name}", Quoted(a.ToldName), Quoted(b.ToldName));
            add($"ctrl_scope of {name}", a.CtrlScope.ToString(CultureInfo.InvariantCulture), b.CtrlScope.ToString(CultureInfo.InvariantCulture));
            add($"mon_scope of {name}", a.MonScope.ToString(CultureInfo.InvariantCulture), b.MonScope.ToString(CultureInfo.InvariantCulture));
            add($"cdp_capable of {name}", a.CdpCapable ? "1" : "0", b.CdpCapable ? "1" : "0");
            add($"sparse_masks of {name}", a.SparseMasks ? "1" : "0", b.SparseMasks ? "1" : "0");
            add($"delay_linear of {name}", a.DelayLinear ? "1" : "0", b.DelayLinear ? "1" : "0");
            add($"min_cbm_bits of {name}", a.MinCbmBits.ToString(CultureInfo.InvariantCulture), b.MinCbmBits.ToString(CultureInfo.InvariantCulture));
            add($"shareable_bits of {name}", $"0x{a.ShareableBits:x}", $"0x{b.ShareableBits:x}");
            if (!SameIds(other, r, monitors: true))
                add($"monitor domain list of {name}", DomainText.FormatResource(this, r), DomainText.FormatResource(other, r));
            else
                for (int i = 0; i < a.MonCount; i++)
                    add($"cpu mask of monitor domain {name}/{Domains[a.FirstMonDomain + i].Id}",
                        CpuList.Format(MaskOf(a.FirstMonDomain + i)), CpuList.Format(other.MaskOf(b.FirstMonDomain + i)));
            if (!SameIds(other, r))
            {
                add($"domain list of {name}", DomainText.FormatResource(this, r), DomainText.FormatResource(other, r));
                continue;
            }
            for (int i = 0; i < a.DomainCount; i++)
            {
                int da = a.FirstDomain + i, db = b.FirstDomain + i;
                string domain = $"{name}/{Domains[da].Id}";
                add($"cpu mask of domain {domain}", CpuList.Format(MaskOf(da)), CpuList.Format(other.MaskOf(db)));
                add($"cpu count of domain {domain}", Domains[da].CpuCount.ToString(CultureInfo.InvariantCulture),
                    other.Domains[db].CpuCount.ToString(CultureInfo.InvariantCulture));
                add($"component of domain {domain}", Domains[da].CompId.ToString(CultureInfo.InvariantCulture),
                    other.Domains[db].CompId.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// Same ids, types and rids in the same order in one of the resource's lists (its control
    /// domains, or with <paramref name="monitors"/> its monitor domains): then the difference, if
    /// any, is inside domains.
    /// </summary>
    private bool SameIds(StateSnapshot other, int r, bool monitors = false)
    {
        ref var a = ref Resources[r];
        ref var b = ref other.Resources[r];
        int count = monitors ? a.MonCount : a.DomainCount;
        if (count != (monitors ? b.MonCount : b.DomainCount))
            return false;
        int firstA = monitors ? a.FirstMonDomain : a.FirstDomain, firstB = monitors ? b.FirstMonDomain : b.FirstDomain;
        for (int i = 0; i < count; i++)
        {
            ref var x = ref Domains[firstA + i];
            ref var y = ref other.Domains[firstB + i];
            if (x.Id != y.Id || x.Type != y.Type || x.Rid != y.Rid)
                return false;
        }
        return true;
    }

    private void DiffEvents(StateSnapshot other, List<ObservableDifference> diffs)
    {
        var a = Step.Events.AsSpan();
        var b = other.Step.Events.AsSpan();
        for (int k = 0; k < Math.Max(a.Length, b.Length); k++)
        {
            if (k < a.Length && k < b.Length && SameEvent(in a[k], in b[k]))
                continue;
            diffs.Add(new ObservableDifference($"event #{k + 1} of the step",
                k < a.Length ? EventDetail(in a[k]) : "none", k < b.Length ? other.EventDetail(in b[k]) : "none"));
        }
    }

    // A domain event (control or monitor) is compared by its weight too: it is shown.
    private string EventDetail(in EventObservation e) =>
        e.Rid >= 0
            ? $"{EventText.Format(in e, Profile)} weight={e.DomainCpuCount} seq={e.Seq}"
            : $"{EventText.Format(in e, Profile)} seq={e.Seq}";

    private void DiffRules(StateSnapshot other, List<ObservableDifference> diffs)
    {
        var a = Step.RuleReports.AsSpan();
        var b = other.Step.RuleReports.AsSpan();
        for (int k = 0; k < Math.Max(a.Length, b.Length); k++)
        {
            if (k < a.Length && k < b.Length && SameRule(in a[k], in b[k]))
                continue;
            diffs.Add(new ObservableDifference($"rule report #{k + 1} of the step",
                k < a.Length ? $"{RuleText.Format(in a[k])} seq={a[k].Seq}" : "none",
                k < b.Length ? $"{RuleText.Format(in b[k])} seq={b[k].Seq}" : "none"));
        }
    }

    private void DiffWarnSites(StateSnapshot other, Action<string, string, string> add)
    {
        static string Text(ReadOnlySpan<WarnSiteObservation> sites, int i) =>
            i < 0 ? "never hit" : $"hits={sites[i].Hits} reported={sites[i].Reported}";
        var a = WarnSites.AsSpan();
        var b = other.WarnSites.AsSpan();
        foreach (ref readonly var site in a)
            add($"warn site {RuleText.WarnSiteName(site.Function, site.Condition)}",
                Text(a, IndexOfSite(a, site.Function, site.Condition)), Text(b, IndexOfSite(b, site.Function, site.Condition)));
        foreach (ref readonly var site in b)
            if (IndexOfSite(a, site.Function, site.Condition) < 0)
                add($"warn site {RuleText.WarnSiteName(site.Function, site.Condition)}", "never hit", Text(b, IndexOfSite(b, site.Function, site.Condition)));
    }

    private static string WarnHitsText(ReadOnlySpan<WarnHitObservation> hits)
    {
        if (hits.IsEmpty)
            return "none";
        var parts = new List<string>();
        foreach (ref readonly var hit in hits)
            parts.Add($"{RuleText.WarnSiteName(hit.Function, hit.Condition)} x{hit.Hits}");
        parts.Sort(StringComparer.Ordinal);
        return string.Join(", ", parts);
    }
}
