using Conformance.Observation;
using static Conformance.Tests.Model.ModelBuilder;

namespace Conformance.Tests.Model;

/// <summary>mpam_resctrl_offline_cpu() and mpam_resctrl_offline_domain_hdr().</summary>
public sealed class OfflineCpuTests
{
    [Test]
    public void ACpuThatIsNotTheLastLeavesTheDomainWhichStays()
    {
        var model = TwoL3();
        model.Setup();
        model.OnlineAll("0-2");

        Assert.That(model.CpuOffline(1), Is.Zero);
        var s = model.Snapshot();
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[0:0,2]"));
        Assert.That(EventText.FormatList(s.Step.Events.AsSpan(), s.Profile), Is.EqualTo("offline_cpu(1)"));
        Assert.That(s.Counters.SyncRcuCalls, Is.Zero);
        Assert.That(s.Counters.FreesTotal, Is.Zero);
    }

    [Test]
    public void TheLastCpuRemovesTheDomainSynchronisesRcuAndFreesIt()
    {
        var model = TwoL3();
        model.Setup();
        model.OnlineAll("0,4");

        Assert.That(model.CpuOffline(4), Is.Zero);
        var s = model.Snapshot();
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[0:0]"));
        Assert.That(EventText.FormatList(s.Step.Events.AsSpan(), s.Profile), Is.EqualTo("offline_cpu(4) offline_ctrl_domain(L3,1)"),
            "resctrl hears of the CPU first, then of the domain");
        Assert.That(s.Step.Events[1].DomainCpuCount, Is.Zero, "the mask is empty when resctrl is told");
        Assert.That(s.Counters.SyncRcuCalls, Is.EqualTo(1u));
        Assert.That(s.Counters.FreesTotal, Is.EqualTo(1ul));
        Assert.That(s.Counters.AllocsLive, Is.EqualTo(1u));
        Assert.That(s.Counters.DoubleFrees + s.Counters.ForeignFrees, Is.Zero);
    }

    [Test]
    public void EveryMappedResourceLosesTheCpu()
    {
        var model = L3AndMba(mbaAllocCapable: true);
        model.Setup();
        model.OnlineAll("0,4");
        Assert.That(model.Domains(), Is.EqualTo("L3[0:0 1:4] MBA[5:0,4]"));

        model.CpuOffline(0);
        Assert.That(model.Domains(), Is.EqualTo("L3[1:4] MBA[5:4]"));
        model.CpuOffline(4);
        Assert.That(model.Domains(), Is.EqualTo("L3[] MBA[]"));
        var s = model.Snapshot();
        Assert.That(s.Counters.SyncRcuCalls, Is.EqualTo(3u));
        Assert.That(s.Counters.AllocsLive, Is.Zero);
    }

    [Test]
    public void ACpuLeftInADomainByAFailedOnlineIsOnlyRemovedByItsNextOffline()
    {
        var model = L3AndMba(mbaAllocCapable: true);
        model.Setup();
        model.FailAlloc(2);
        model.CpuOnline(1);                                         // L3 keeps CPU 1, MBA failed
        Assert.That(model.CpuOffline(1), Is.EqualTo(StepRc.NotRun), "the core holds CPU 1 offline");
        Assert.That(model.Domains(), Is.EqualTo("L3[0:1] MBA[]"));

        Assert.That(model.CpuOnline(1), Is.Zero);
        Assert.That(model.CpuOffline(1), Is.Zero);
        Assert.That(model.Domains(), Is.EqualTo("L3[] MBA[]"));
    }
}
