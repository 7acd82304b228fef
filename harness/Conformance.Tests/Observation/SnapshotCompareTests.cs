using Conformance.Observation;

namespace Conformance.Tests.Observation;

/// <summary>StateSnapshot.SameAs and Diff: what the lockstep compares and how a difference is named.</summary>
public sealed class SnapshotCompareTests
{
    /// <summary>L3[0:0-3 1:4-7] MBA~[] on 8 CPUs, rc 0, one online_cpu event, one WARN site.</summary>
    private static StateSnapshot Sample(Action<StateSnapshot>? change = null)
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        s.Begin(8);
        ref var l3 = ref s.AddResource();
        l3.ClassMapped = true;
        l3.AllocCapable = true;
        l3.ClassId = 0;
        var d0 = s.AddDomain(0, DomainType.Control, 0, 0);
        for (int cpu = 0; cpu < 4; cpu++)
            CpuMaskBits.Set(d0, cpu);
        var d1 = s.AddDomain(1, DomainType.Control, 0, 1);
        for (int cpu = 4; cpu < 8; cpu++)
            CpuMaskBits.Set(d1, cpu);
        s.AddResource();
        ref var mba = ref s.AddResource();
        mba.ClassMapped = true;
        mba.ClassId = 1;
        s.AddResource();
        s.AddResource();
        s.CountDomainCpus();
        s.OnlineMask[0] = 0xff;
        s.Counters.AllocsLive = 2;
        s.Counters.AllocsTotal = 2;
        s.Lifecycle.MpamEnabled = s.Lifecycle.SetupDone = s.Lifecycle.CallbacksRegistered = true;
        s.AddWarnSite("mpam_resctrl_offline_cpu", "!dom", 1, 1);
        s.Step.Begin(RcKind.Status);
        s.Step.Events.Add(new EventObservation { Kind = FsEventKind.OnlineCpu, Rid = -1, DomainId = -1, Cpu = 7, Seq = 3 });
        change?.Invoke(s);
        return s;
    }

    private static Span<ulong> GetMask(StateSnapshot s, int domain) => s.DomainMasks.Slice(s.Domains[domain].MaskOffset, s.MaskWords);

    [Test]
    public void TheSampleReadsAsItsCanonicalText() =>
        Assert.That(DomainText.Format(Sample()), Is.EqualTo("L3[0:0-3 1:4-7] MBA~[]"));

    [Test]
    public void EqualFillsAreTheSameAndHaveNoDiff()
    {
        Assert.That(Sample().SameAs(Sample()), Is.True);
        Assert.That(Sample().Diff(Sample()), Is.Empty);
    }

    private static IEnumerable<TestCaseData> Changes()
    {
        TestCaseData Case(string observable, string left, string right, Action<StateSnapshot> change) =>
            new TestCaseData(change, new ObservableDifference(observable, left, right), null).SetName(observable);
        yield return Case("rc", "0", "-EINVAL", s => s.Step.Rc = -22);
        yield return Case("cpu mask of domain L3/1", "4-7", "4-6", s => { GetMask(s, 1)[0] &= ~(1UL << 7); s.CountDomainCpus(); });
        yield return Case("component of domain L3/0", "0", "9", s => s.Domains[0].CompId = 9);
        yield return Case("domain list of L3", "L3[0:0-3 1:4-7]", "L3[0:0-3 2:4-7]", s => s.Domains[1].Id = 2);
        yield return Case("alloc_capable of MBA", "0", "1", s => s.Resources[2].AllocCapable = true);
        yield return Case("counters.warn_hits", "0", "1", s => s.Counters.WarnHits = 1);
        yield return Case("counters.allocs_live", "2", "3", s => s.Counters.AllocsLive = 3);
        yield return Case("warn site mpam_resctrl_offline_cpu: !dom", "hits=1 reported=1", "hits=2 reported=1", s => s.WarnSites[0].Hits = 2);
        yield return Case("event #1 of the step", "online_cpu(7) seq=3", "offline_cpu(7) seq=3", s => s.Step.Events[0].Kind = FsEventKind.OfflineCpu);
        yield return Case("event #2 of the step", "none", "online_cpu(1) seq=4",
            s => s.Step.Events.Add(new EventObservation { Kind = FsEventKind.OnlineCpu, Rid = -1, DomainId = -1, Cpu = 1, Seq = 4 }));
        yield return Case("rule report #1 of the step", "none", "rcu_list_unprotected(mpam_resctrl_get_domain_from_cpu) seq=0",
            s => s.Step.RuleReports.Add(new RuleReportObservation { Kind = RuleKind.RcuListUnprotected, Printed = true, Function = "mpam_resctrl_get_domain_from_cpu", Detail = "" }));
        yield return Case("rule report #1 of the step", "none", "lock_not_held(mpam_resctrl_alloc_domain) not printed seq=0",
            s => s.Step.RuleReports.Add(new RuleReportObservation { Kind = RuleKind.LockNotHeld, Printed = false, Function = "mpam_resctrl_alloc_domain", Detail = "domain_list_lock" }));
        yield return Case("counters.violations", "0", "2", s => s.Counters.Violations = 2);
        yield return Case("hotplug online mask", "0-7", "0-6", s => s.OnlineMask[0] = 0x7f);
        yield return Case("mpam enabled", "1", "0", s => s.Lifecycle.MpamEnabled = false);
    }

    // Every field SameAs compares, changed alone on one side (over what both sides were given
    // first, where the sample has nothing of the kind): the values as Diff prints them, by hand.
    private static IEnumerable<TestCaseData> EveryComparedField()
    {
        TestCaseData Case(string field, string observable, string left, string right, Action<StateSnapshot> change, Action<StateSnapshot>? both = null) =>
            new TestCaseData(change, new ObservableDifference(observable, left, right), both).SetName(field);

        // A CPU event names its CPU; a domain event its resource, domain and weight.
        yield return Case("event cpu", "event #1 of the step", "online_cpu(7) seq=3", "online_cpu(6) seq=3", s => s.Step.Events[0].Cpu = 6);
        yield return Case("event seq", "event #1 of the step", "online_cpu(7) seq=3", "online_cpu(7) seq=5", s => s.Step.Events[0].Seq = 5);
        void DomainEvent(StateSnapshot s) => s.Step.Events[0] = new EventObservation
            { Kind = FsEventKind.OnlineCtrlDomain, Rid = 0, DomainId = 1, Cpu = -1, DomainCpuCount = 4, Seq = 3 };
        const string domainEvent = "online_ctrl_domain(L3,1) weight=4 seq=3";
        yield return Case("event rid", "event #1 of the step", domainEvent, "online_ctrl_domain(MBA,1) weight=4 seq=3", s => s.Step.Events[0].Rid = 2, DomainEvent);
        yield return Case("event domain", "event #1 of the step", domainEvent, "online_ctrl_domain(L3,0) weight=4 seq=3", s => s.Step.Events[0].DomainId = 0, DomainEvent);
        yield return Case("event weight", "event #1 of the step", domainEvent, "online_ctrl_domain(L3,1) weight=3 seq=3", s => s.Step.Events[0].DomainCpuCount = 3, DomainEvent);
        void MonEvent(StateSnapshot s) => s.Step.Events[0] = new EventObservation
            { Kind = FsEventKind.OfflineMonDomain, Rid = 0, DomainId = 1, Cpu = -1, DomainCpuCount = 0, Seq = 9 };
        yield return Case("monitor event weight", "event #1 of the step", "offline_mon_domain(L3,1) weight=0 seq=9", "offline_mon_domain(L3,1) weight=1 seq=9",
            s => s.Step.Events[0].DomainCpuCount = 1, MonEvent);

        void Rule(StateSnapshot s) => s.Step.RuleReports.Add(new RuleReportObservation
            { Kind = RuleKind.RcuListUnprotected, Printed = true, Function = "mpam_resctrl_get_domain_from_cpu", Detail = "" });
        const string rule = "rcu_list_unprotected(mpam_resctrl_get_domain_from_cpu) seq=0";
        const string report = "rule report #1 of the step";
        yield return Case("rule kind", report, rule, "lock_not_held(mpam_resctrl_get_domain_from_cpu) seq=0", s => s.Step.RuleReports[0].Kind = RuleKind.LockNotHeld, Rule);
        yield return Case("rule seq", report, rule, "rcu_list_unprotected(mpam_resctrl_get_domain_from_cpu) seq=1", s => s.Step.RuleReports[0].Seq = 1, Rule);
        yield return Case("rule printed", report, rule, "rcu_list_unprotected(mpam_resctrl_get_domain_from_cpu) not printed seq=0",
            s => s.Step.RuleReports[0].Printed = false, Rule);
        yield return Case("rule function", report, rule, "rcu_list_unprotected(mpam_resctrl_offline_cpu) seq=0",
            s => s.Step.RuleReports[0].Function = "mpam_resctrl_offline_cpu", Rule);

        // The sample: 2 allocations live of 2, nothing else counted.
        yield return Case("allocs total", "counters.allocs_total", "2", "3", s => s.Counters.AllocsTotal = 3);
        yield return Case("frees", "counters.frees", "0", "1", s => s.Counters.FreesTotal = 1);
        yield return Case("alloc failures", "counters.alloc_failures", "0", "1", s => s.Counters.AllocFailures = 1);
        yield return Case("double frees", "counters.double_frees", "0", "1", s => s.Counters.DoubleFrees = 1);
        yield return Case("foreign frees", "counters.foreign_frees", "0", "1", s => s.Counters.ForeignFrees = 1);
        yield return Case("rule reports", "counters.rule_reports", "0", "2", s => s.Counters.RuleReports = 2);
        yield return Case("sync rcu", "counters.sync_rcu", "0", "1", s => s.Counters.SyncRcuCalls = 1);
        yield return Case("wake ups", "counters.wake_ups", "0", "1", s => s.Counters.WakeUps = 1);
        yield return Case("events total", "counters.events_total", "0", "4", s => s.Counters.EventsTotal = 4);
        yield return Case("ledger fingerprint", "the node, GFP flags and size of the live allocations (fingerprint)", "0000000000000000", "000000000000abcd",
            s => s.Counters.LedgerFingerprint = 0xabcd);

        // Filled over 8 CPUs, enabled, set up with 0, callbacks registered.
        yield return Case("nr_cpu_ids", "nr_cpu_ids", "8", "16", s => s.Lifecycle.NrCpuIds = 16);
        yield return Case("setup done", "setup done", "1", "0", s => s.Lifecycle.SetupDone = false);
        yield return Case("setup result", "setup result", "0", "-EINVAL", s => s.Lifecycle.SetupResult = -22);
        yield return Case("callbacks registered", "cpuhp state installed", "1", "0", s => s.Lifecycle.CallbacksRegistered = false);
        yield return Case("freed listed", "listed domains in freed memory", "0", "1", s => s.Lifecycle.FreedListed = 1);
        yield return Case("contexts held", "monitor contexts held", "0", "2", s => s.Lifecycle.ContextsHeld = 2);

        // L3: class 0 mapped, alloc_capable, nothing else set.
        yield return Case("class mapped", "class mapped of L3", "yes", "no", s => s.Resources[0].ClassMapped = false);
        yield return Case("class id", "class of L3", "0", "3", s => s.Resources[0].ClassId = 3);
        yield return Case("cdp", "CDP of L3", "off", "on", s => s.Resources[0].CdpEnabled = true);
        yield return Case("mon capable", "mon_capable of L3", "0", "1", s => s.Resources[0].MonCapable = true);
        yield return Case("default ctrl", "default control of L3", "0x0", "0xff", s => s.Resources[0].DefaultCtrl = 0xff);
        yield return Case("min bw", "min_bw of L3", "0", "10", s => s.Resources[0].MinBw = 10);
        yield return Case("bw gran", "bw_gran of L3", "0", "5", s => s.Resources[0].BwGran = 5);
        yield return Case("num rmid", "num_rmid of L3", "0", "8", s => s.Resources[0].NumRmid = 8);
        yield return Case("told name", "name the filesystem shows for L3", "none", "\"L2\"", s => s.Resources[0].ToldName = "L2");
        yield return Case("told name set", "name the filesystem shows for L3", "\"L3\"", "\"L2\"", s => s.Resources[0].ToldName = "L2",
            s => s.Resources[0].ToldName = "L3");
        yield return Case("ctrl scope", "ctrl_scope of L3", "0", "3", s => s.Resources[0].CtrlScope = 3);
        yield return Case("mon scope", "mon_scope of L3", "0", "3", s => s.Resources[0].MonScope = 3);
        yield return Case("cdp capable", "cdp_capable of L3", "0", "1", s => s.Resources[0].CdpCapable = true);
        yield return Case("sparse masks", "sparse_masks of L3", "0", "1", s => s.Resources[0].SparseMasks = true);
        yield return Case("delay linear", "delay_linear of L3", "0", "1", s => s.Resources[0].DelayLinear = true);
        yield return Case("min cbm bits", "min_cbm_bits of L3", "0", "1", s => s.Resources[0].MinCbmBits = 1);
        yield return Case("shareable bits", "shareable_bits of L3", "0x0", "0xff", s => s.Resources[0].ShareableBits = 0xff);
        yield return Case("domain cpu count", "cpu count of domain L3/0", "4", "3", s => s.Domains[0].CpuCount = 3);
        // A domain on a list not its own says what it is: its type and rid after a '!'.
        yield return Case("domain type", "domain list of L3", "L3[0:0-3 1:4-7]", "L3[0:0-3 1:4-7!type=1,rid=0]", s => s.Domains[1].Type = DomainType.Monitor);
        yield return Case("domain rid", "domain list of L3", "L3[0:0-3 1:4-7]", "L3[0:0-3 1:4-7!type=0,rid=2]", s => s.Domains[1].Rid = 2);
        // L3's second domain counted as L2's (the rows themselves as they were).
        yield return Case("domain count", "domain list of L3", "L3[0:0-3 1:4-7]", "L3[0:0-3]", s =>
        {
            s.Resources[0].DomainCount = 1;
            s.Resources[1].FirstDomain = 1;
            s.Resources[1].DomainCount = 1;
        });
        // L3's second domain counted as its monitor domain on both sides, and as L2's on one.
        static void SecondAsMonitor(StateSnapshot s)
        {
            s.Resources[0].DomainCount = 1;
            s.Resources[0].MonCount = 1;
            s.Resources[1].FirstDomain = 2;
        }
        yield return Case("monitor count", "monitor domain list of L3", "L3[0:0-3]{1:4-7!type=0,rid=0}", "L3[0:0-3]", s =>
        {
            s.Resources[0].MonCount = 0;
            s.Resources[1].FirstDomain = 1;
            s.Resources[1].MonCount = 1;
        }, SecondAsMonitor);
        yield return Case("resource rid", "resource #1", "L3", "L2", s => s.Resources[0].Rid = 1);

        void Config(StateSnapshot s) => s.Configs.Add(new ConfigObservation { Rid = 0, DomainId = 0, Partid = 1, Cpbm = 0xf, Features = 1 });
        const string config = "L3/0 partid 1: features 0x1 cpbm 0xf mbw_pbm 0x0 mbw_max 0x0";
        yield return Case("a config", "configured partids", "none", config, Config);
        yield return Case("config rid", "configured partids", config, "MBA/0 partid 1: features 0x1 cpbm 0xf mbw_pbm 0x0 mbw_max 0x0", s => s.Configs[0].Rid = 2, Config);
        yield return Case("config domain", "configured partids", config, "L3/1 partid 1: features 0x1 cpbm 0xf mbw_pbm 0x0 mbw_max 0x0", s => s.Configs[0].DomainId = 1, Config);
        yield return Case("config partid", "configured partids", config, "L3/0 partid 2: features 0x1 cpbm 0xf mbw_pbm 0x0 mbw_max 0x0", s => s.Configs[0].Partid = 2, Config);
        yield return Case("config cpbm", "configured partids", config, "L3/0 partid 1: features 0x1 cpbm 0x7 mbw_pbm 0x0 mbw_max 0x0", s => s.Configs[0].Cpbm = 0x7, Config);
        yield return Case("config mbw_pbm", "configured partids", config, "L3/0 partid 1: features 0x1 cpbm 0xf mbw_pbm 0x3 mbw_max 0x0", s => s.Configs[0].MbwPbm = 0x3, Config);
        yield return Case("config mbw_max", "configured partids", config, "L3/0 partid 1: features 0x1 cpbm 0xf mbw_pbm 0x0 mbw_max 0x10", s => s.Configs[0].MbwMax = 0x10, Config);
        yield return Case("config features", "configured partids", config, "L3/0 partid 1: features 0x3 cpbm 0xf mbw_pbm 0x0 mbw_max 0x0", s => s.Configs[0].Features = 0x3, Config);
    }

    [TestCaseSource(nameof(Changes))]
    [TestCaseSource(nameof(EveryComparedField))]
    public void EachObservableThatDiffersIsNamed(Action<StateSnapshot> change, ObservableDifference expected, Action<StateSnapshot>? both)
    {
        var left = Sample(both);
        var right = Sample(s => { both?.Invoke(s); change(s); });
        Assert.That(left.SameAs(right), Is.False);
        Assert.That(left.Diff(right), Does.Contain(expected));
        Assert.That(left.Diff(right).Select(d => d.Observable), Is.Unique);
    }

    [Test]
    public void UncomparedFieldsDoNotMakeADifference()
    {
        var right = Sample(s =>
        {
            s.Counters.Generation = 99;
            s.Counters.MessagesTotal = 5;
            s.Step.RuleReports.Add(new RuleReportObservation { Kind = RuleKind.LockNotHeld, Function = "f", Detail = "a" });
        });
        var left = Sample(s => s.Step.RuleReports.Add(new RuleReportObservation { Kind = RuleKind.LockNotHeld, Function = "f", Detail = "b" }));
        Assert.That(left.SameAs(right), Is.True);
    }

    [Test]
    public void WarnSitesCompareByNameNotOrder()
    {
        var a = Sample(s => s.AddWarnSite("f", "x", 1, 1));
        var b = Sample(s =>
        {
            s.WarnSites.Clear();
            s.AddWarnSite("f", "x", 1, 1);
            s.AddWarnSite("mpam_resctrl_offline_cpu", "!dom", 1, 1);
        });
        Assert.That(a.SameAs(b), Is.True);
    }

    [Test]
    public void SameAsAndCopyFromDoNotAllocateOnceWarm()
    {
        var a = Sample();
        var b = Sample();
        var copy = new StateSnapshot(ResourceProfile.Default);
        copy.CopyFrom(a);
        Assert.That(copy.SameAs(a), Is.True);
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool same = true;
        for (int i = 0; i < 1000; i++)
        {
            same &= a.SameAs(b);
            copy.CopyFrom(b);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(same, Is.True);
    }

    [Test]
    public void WarnGrowthBecomesTheStepsNewHits()
    {
        var before = new[] { new WarnSiteObservation { Function = "f", Condition = "a", Hits = 1 } };
        var after = new[]
        {
            new WarnSiteObservation { Function = "f", Condition = "a", Hits = 3 },
            new WarnSiteObservation { Function = "g", Condition = "b", Hits = 1 },
        };
        var step = new StepObservation();
        step.RecordWarnGrowth(before, after);
        Assert.That(step.NewWarnHits.AsSpan().ToArray().Select(h => $"{h.Function}:{h.Condition}x{h.Hits}"), Is.EqualTo(new[] { "f:ax2", "g:bx1" }));
    }

    [Test]
    public void InternedNamesAreTheSameStringEachTime()
    {
        var interner = new Utf8Interner();
        var first = interner.Intern("mpam_resctrl_offline_cpu\0garbage"u8);
        var again = interner.Intern("mpam_resctrl_offline_cpu\0"u8);
        Assert.That(first, Is.EqualTo("mpam_resctrl_offline_cpu"));
        Assert.That(ReferenceEquals(first, again), Is.True);
    }
}
