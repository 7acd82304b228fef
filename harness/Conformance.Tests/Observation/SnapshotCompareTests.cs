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
            new TestCaseData(change, new ObservableDifference(observable, left, right)).SetName(observable);
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

    [TestCaseSource(nameof(Changes))]
    public void EachObservableThatDiffersIsNamed(Action<StateSnapshot> change, ObservableDifference expected)
    {
        var left = Sample();
        var right = Sample(change);
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
