using Conformance.Model;
using Conformance.Observation;
using static Conformance.Tests.Model.ModelBuilder;

namespace Conformance.Tests.Model;

/// <summary>mpam_resctrl_online_cpu() and what it calls: get_domain_from_cpu, alloc_domain, domain_insert.</summary>
public sealed class OnlineCpuTests
{
    [Test]
    public void TheFirstCpuOfAComponentAllocatesAListedDomain()
    {
        var model = TwoL3();
        model.Setup();

        Assert.That(model.CpuOnline(5), Is.Zero);
        var s = model.Snapshot();
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[1:5]"));
        Assert.That(EventText.FormatList(s.Step.Events.AsSpan(), s.Profile), Is.EqualTo("online_ctrl_domain(L3,1) online_cpu(5)"));
        Assert.That(s.Step.Events[0].DomainCpuCount, Is.EqualTo(1u), "the domain holds its first CPU when resctrl is told");
        Assert.That(s.Domains[0].CompId, Is.EqualTo(1));
        Assert.That(s.Domains[0].Type, Is.EqualTo(DomainType.Control));
        Assert.That(s.Domains[0].Rid, Is.EqualTo(L3));
        Assert.That(s.Counters.AllocsLive, Is.EqualTo(1u));
        Assert.That(model.Kernel.Ledger.LiveAllocations.Single().Site, Is.EqualTo("mpam_resctrl_alloc_domain"));
    }

    [Test]
    public void LaterCpusOfTheComponentJoinTheDomainWithoutAllocating()
    {
        var model = TwoL3();
        model.Setup();
        model.CpuOnline(5);

        Assert.That(model.CpuOnline(6), Is.Zero);
        Assert.That(model.Domains(), Is.EqualTo("L3[1:5-6]"));
        Assert.That(model.StepEvents(), Is.EqualTo("online_cpu(6)"));
        Assert.That(model.Kernel.Ledger.AllocsTotal, Is.EqualTo(1ul));
    }

    [TestCase("0,4", "L3[0:0 1:4]", TestName = "insert at the tail")]
    [TestCase("4,0", "L3[0:0 1:4]", TestName = "insert at the head")]
    public void DomainsAreInsertedSortedById(string order, string expected)
    {
        var model = TwoL3();
        model.Setup();
        model.OnlineAll(order);
        Assert.That(model.Domains(), Is.EqualTo(expected));
    }

    [Test]
    public void ADomainIsInsertedInTheMiddleOfTheList()
    {
        var model = new MpamModel(ResourceProfile.Default);
        model.Topology(3);
        model.AddClass(0, MpamClassType.Cache, 3);
        model.AddComponent(0, 10, Cpus("0", 3));
        model.AddComponent(0, 20, Cpus("1", 3));
        model.AddComponent(0, 30, Cpus("2", 3));
        model.MapClass(L3, 0, true);
        model.Setup();
        model.OnlineAll("2,0,1");
        Assert.That(model.Domains(), Is.EqualTo("L3[10:0 20:1 30:2]"));
    }

    [Test]
    public void ACpuNoComponentCoversWarnsOnceAndFailsWithEinval()
    {
        var model = new MpamModel(ResourceProfile.Default);
        model.Topology(8);
        model.AddClass(0, MpamClassType.Cache, 3);
        model.AddComponent(0, 0, Cpus("0-3", 8));
        model.MapClass(L3, 0, true);
        model.Setup();

        Assert.That(model.CpuOnline(6), Is.EqualTo(-Errno.EINVAL));
        Assert.That(model.CpuOnline(7), Is.EqualTo(-Errno.EINVAL));
        var s = model.Snapshot();
        Assert.That(model.OnlineCpus(), Is.Empty, "a failed online callback leaves the CPU offline");
        Assert.That(s.WarnSites.Count, Is.EqualTo(1));
        Assert.That(s.WarnSites[0].Function, Is.EqualTo("mpam_resctrl_alloc_domain"));
        Assert.That(s.WarnSites[0].Condition, Is.EqualTo("!ctrl_comp"));
        Assert.That(s.WarnSites[0].Hits, Is.EqualTo(2u));
        Assert.That(s.WarnSites[0].Reported, Is.EqualTo(1u), "WARN_ON_ONCE prints once");
        Assert.That(s.Step.NewWarnHits.Count, Is.EqualTo(1));
        Assert.That(s.Step.NewWarnHits[0].Hits, Is.EqualTo(1u));
        Assert.That(s.Counters.WarnHits, Is.EqualTo(2u));
        Assert.That(s.Counters.AllocsTotal, Is.Zero, "the WARN returns before kzalloc_node");
    }

    [Test]
    public void AllocationFailureFailsTheCpuWithEnomem()
    {
        var model = TwoL3();
        model.Setup();
        model.FailAlloc(1);

        Assert.That(model.CpuOnline(0), Is.EqualTo(-Errno.ENOMEM));
        var s = model.Snapshot();
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[]"));
        Assert.That(s.Counters.AllocFailures, Is.EqualTo(1u));
        Assert.That(s.Step.Events.Count, Is.Zero, "nothing was told to resctrl");
        Assert.That(model.OnlineCpus(), Is.Empty);

        Assert.That(model.CpuOnline(0), Is.Zero, "the injected failure is spent");
        Assert.That(model.Domains(), Is.EqualTo("L3[0:0]"));
    }

    [Test]
    public void AllocationFailureInALaterResourceLeavesTheCpuInTheEarlierOnesDomain()
    {
        var model = L3AndMba(mbaAllocCapable: true);
        model.Setup();
        model.FailAlloc(2);                                         // L3's domain is the first, MBA's the second

        Assert.That(model.CpuOnline(1), Is.EqualTo(-Errno.ENOMEM));
        Assert.That(model.Domains(), Is.EqualTo("L3[0:1] MBA[]"), "the patch does not undo L3 when MBA fails");
        Assert.That(model.OnlineCpus(), Is.Empty);
        Assert.That(model.StepEvents(), Is.EqualTo("online_ctrl_domain(L3,0)"));
    }

    [Test]
    public void OnlineCtrlDomainFailureFreesTheDomainAndFailsTheCpu()
    {
        var model = TwoL3();
        model.Setup();
        model.FailFs(FsCall.OnlineCtrlDomain, 1, -Errno.EIO);

        Assert.That(model.CpuOnline(2), Is.EqualTo(-Errno.EIO));
        var s = model.Snapshot();
        Assert.That(EventText.FormatList(s.Step.Events.AsSpan(), s.Profile), Is.EqualTo("online_ctrl_domain(L3,0)"),
            "resctrl was told, and said no");
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[]"));
        Assert.That(s.Counters.AllocsTotal, Is.EqualTo(1ul));
        Assert.That(s.Counters.FreesTotal, Is.EqualTo(1ul));
        Assert.That(s.Counters.AllocsLive, Is.Zero);
    }

    [Test]
    public void FaultInjectionCountsFromNow()
    {
        var model = TwoL3();
        model.Setup();
        model.FailFs(FsCall.OnlineCtrlDomain, 2, -Errno.ENOMEM);
        Assert.That(model.CpuOnline(0), Is.Zero);
        Assert.That(model.CpuOnline(4), Is.EqualTo(-Errno.ENOMEM));
        model.FailAlloc(1);
        model.FailAlloc(0);
        Assert.That(model.CpuOnline(4), Is.Zero, "nth=0 disarms");
    }

    [Test]
    public void DuplicateComponentIdsWarnInInsertAndLeakTheSecondDomain()
    {
        var model = new MpamModel(ResourceProfile.Default);
        model.Topology(8);
        model.AddClass(0, MpamClassType.Cache, 3);
        model.AddComponent(0, 0, Cpus("0-3", 8));
        model.AddComponent(0, 0, Cpus("4-7", 8));
        model.MapClass(L3, 0, true);
        model.Setup();
        model.CpuOnline(0);

        Assert.That(model.CpuOnline(4), Is.Zero, "the insert's WARN does not fail the CPU");
        var s = model.Snapshot();
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[0:0]"));
        Assert.That(model.WarnHits("mpam_resctrl_domain_insert", "err"), Is.EqualTo(1u));
        Assert.That(EventText.FormatList(s.Step.Events.AsSpan(), s.Profile), Is.EqualTo("online_ctrl_domain(L3,0) online_cpu(4)"),
            "resctrl is told about a domain that never makes it onto the list");
        Assert.That(s.Counters.AllocsLive, Is.EqualTo(2u), "one domain listed, one leaked");

        Assert.That(model.CpuOffline(4), Is.Zero);
        Assert.That(model.WarnHits("mpam_resctrl_offline_cpu", "!dom"), Is.EqualTo(1u), "the leaked domain cannot be found again");
        Assert.That(model.Snapshot().Counters.AllocsLive, Is.EqualTo(2u));
    }

    [Test]
    public void OverlappingComponentsAreSearchedNewestFirst()
    {
        var model = new MpamModel(ResourceProfile.Default);
        model.Topology(8);
        model.AddClass(0, MpamClassType.Cache, 3);
        model.AddComponent(0, 1, Cpus("0-5", 8));
        model.AddComponent(0, 2, Cpus("2-7", 8));                   // added last: list_add_rcu puts it first
        model.MapClass(L3, 0, true);
        model.Setup();
        model.CpuOnline(3);
        Assert.That(model.Domains(), Is.EqualTo("L3[2:3]"));
    }

    [Test]
    public void TheFirstWalkOfTheRcuListOutsideAReaderIsReportedOnce()
    {
        var model = L3AndMba(mbaAllocCapable: true);
        model.Setup();
        model.CpuOnline(0);
        var s = model.Snapshot();
        // One walk per mapped resource (L3, then MBA): both reported, the first printed
        // (RCU_LOCKDEP_WARN, which turns lockdep off), the second not.
        Assert.That(s.Step.RuleReports.AsSpan().ToArray().Select(r => (r.Kind, r.Function, r.Printed)), Is.EqualTo(new[]
        {
            (RuleKind.RcuListUnprotected, "mpam_resctrl_get_domain_from_cpu", true),
            (RuleKind.RcuListUnprotected, "mpam_resctrl_get_domain_from_cpu", false),
        }));
        Assert.That(model.Kernel.Rules.DebugLocks, Is.False);

        model.CpuOnline(1);
        model.CpuOffline(1);
        var after = model.Snapshot().Counters;
        Assert.That(after.RuleReports, Is.EqualTo(1u), "a kernel printed one");
        Assert.That(after.Violations, Is.EqualTo(6u), "two walks in each of the three steps");

        model.Reset();
        Assert.That(model.Kernel.Rules.DebugLocks, Is.True, "reset makes the checks live again");
    }

    [Test]
    public void NoLockdepAssertionFiresOnThePatchsPaths()
    {
        var model = L3AndMba(mbaAllocCapable: true);
        model.Setup();
        model.OnlineAll("0-7");
        model.CpuOffline(3);
        Assert.That(model.Snapshot().Counters.RuleReports, Is.EqualTo(1u));
        Assert.That(model.Kernel.DomainListLock.Held, Is.False, "guard(mutex) released at the end of each callback");
        Assert.That(model.Kernel.Rules.CpusLock.Held, Is.False);
        Assert.That(model.Kernel.Rules.Readers.SrcuDepth, Is.Zero);
    }
}
