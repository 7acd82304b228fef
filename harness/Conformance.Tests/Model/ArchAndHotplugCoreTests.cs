using Conformance.Model;
using Conformance.Observation;
using static Conformance.Tests.Model.ModelBuilder;

namespace Conformance.Tests.Model;

/// <summary>The resctrl_arch_* queries and the hotplug core's own rules.</summary>
public sealed class ArchAndHotplugCoreTests
{
    [Test]
    public void GetResourceIsTheSlotWithinTheEnumAndNullPastIt()
    {
        var model = new MpamModel(ResourceProfile.Default);
        Assert.That(model.GetResource(0), Is.EqualTo(1));
        Assert.That(model.GetResource(4), Is.EqualTo(1));
        Assert.That(model.GetResource(5), Is.Zero);
        Assert.That(model.GetResource(uint.MaxValue), Is.Zero);
        Assert.That(model.Snapshot().Step.RcKind, Is.EqualTo(RcKind.Value));
    }

    [Test]
    public void NumClosidIsPartidMaxPlusOne()
    {
        var model = new MpamModel(ResourceProfile.Default);
        Assert.That(model.NumClosid(), Is.EqualTo(1), "mpam_partid_max starts at 0");
        model.SetPartidMax(ushort.MaxValue);
        Assert.That(model.NumClosid(), Is.EqualTo(65536));
    }

    [Test]
    public void AllocCapableIsAnyResourceAllocCapable()
    {
        var model = L3AndMba(mbaAllocCapable: false);
        Assert.That(model.AllocCapable(), Is.EqualTo(1));
        var none = new MpamModel(ResourceProfile.Default);
        Assert.That(none.AllocCapable(), Is.Zero);
    }

    [Test]
    public void OnliningAnOnlineCpuOrOffliningAnOfflineOneRunsNoCallback()
    {
        var model = TwoL3();
        Assert.That(model.CpuOffline(0), Is.EqualTo(StepRc.NotRun), "before setup too");
        Assert.That(model.CpuOnline(0), Is.Zero);
        Assert.That(model.CpuOnline(0), Is.EqualTo(StepRc.NotRun));
        model.Setup();
        Assert.That(model.CpuOnline(0), Is.EqualTo(StepRc.NotRun));
        Assert.That(model.StepEvents(), Is.EqualTo("-"));
        Assert.That(model.CpuOffline(0), Is.Zero);
        Assert.That(model.CpuOffline(0), Is.EqualTo(StepRc.NotRun));
        Assert.That(model.StepEvents(), Is.EqualTo("-"));
    }

    [Test]
    public void BeforeSetupOnlineAndOfflineOnlyChangeTheCoresView()
    {
        var model = TwoL3();
        Assert.That(model.CpuOnline(3), Is.Zero);
        Assert.That(model.OnlineCpus(), Is.EqualTo("3"));
        Assert.That(model.StepEvents(), Is.EqualTo("-"));
        Assert.That(model.CpuOffline(3), Is.Zero);
        Assert.That(model.OnlineCpus(), Is.Empty);
    }

    [Test]
    public void ResetForgetsEverything()
    {
        var model = L3AndMba(mbaAllocCapable: false);
        model.Setup();
        model.OnlineAll("0-3");
        model.FailAlloc(1);
        model.Reset();
        var s = model.Snapshot();
        Assert.That(DomainText.Format(s), Is.EqualTo("-"));
        Assert.That(s.Lifecycle, Is.EqualTo(default(LifecycleObservation)));
        Assert.That(s.Counters, Is.EqualTo(default(CounterObservation)));
        Assert.That(s.WarnSites.Count, Is.Zero);
        model.Topology(4);
        model.AddClass(0, MpamClassType.Cache);
        model.AddComponent(0, 0, Cpus("0-3", 4));
        model.MapClass(L3, 0, true);
        model.Setup();
        Assert.That(model.CpuOnline(0), Is.Zero, "the armed allocation failure did not survive the reset");
    }

    [Test]
    public void AllocationsRecordTheNodeOfTheCpu()
    {
        var model = new MpamModel(ResourceProfile.Default);
        model.Topology(8, nodes: 2);
        model.AddClass(0, MpamClassType.Cache, 3);
        model.AddComponent(0, 0, Cpus("0-3", 8));
        model.AddComponent(0, 1, Cpus("4-7", 8));
        model.MapClass(L3, 0, true);
        model.Setup();
        model.OnlineAll("0,5");
        Assert.That(model.Kernel.Ledger.LiveAllocations.Select(a => a.Node), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void SteadyStateStepsAndFillsDoNotAllocate()
    {
        var model = TwoL3();
        model.Setup();
        model.OnlineAll("0-2");
        var snapshot = new StateSnapshot(model.Profile);
        for (int i = 0; i < 100; i++)                               // warm up buffers
        {
            model.CpuOffline(1);
            model.Fill(snapshot);
            model.CpuOnline(1);
            model.Fill(snapshot);
        }
        var other = new StateSnapshot(model.Profile);
        model.Fill(other);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            model.CpuOffline(1);
            model.Fill(snapshot);
            model.CpuOnline(1);
            model.Fill(snapshot);
            _ = snapshot.SameAs(other);
        }
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
