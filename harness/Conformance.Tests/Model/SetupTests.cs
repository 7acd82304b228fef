using Conformance.Model;
using Conformance.Observation;
using static Conformance.Tests.Model.ModelBuilder;

namespace Conformance.Tests.Model;

/// <summary>mpam_resctrl_setup() and mpam_enable_once() as the patch's mpam_devices.c hunk calls it.</summary>
public sealed class SetupTests
{
    [Test]
    public void NothingMappedIsNotSupportedAndLeavesMpamDisabled()
    {
        var model = new MpamModel(ResourceProfile.Default);
        model.Topology(4);
        model.CpuOnline(0);

        Assert.That(model.Setup(), Is.EqualTo(-Errno.EOPNOTSUPP));
        var s = model.Snapshot();
        Assert.That(s.Lifecycle.MpamEnabled, Is.False);
        Assert.That(s.Lifecycle.SetupDone, Is.True);
        Assert.That(s.Lifecycle.SetupResult, Is.EqualTo(-Errno.EOPNOTSUPP));
        Assert.That(s.Lifecycle.CallbacksRegistered, Is.False);
        Assert.That(DomainText.Format(s), Is.EqualTo("-"));
        Assert.That(s.Step.Events.Count, Is.Zero, "no CPU was replayed");
    }

    [Test]
    public void OnlyNonAllocCapableMappingsAreNotSupported()
    {
        var model = new MpamModel(ResourceProfile.Default);
        model.Topology(4);
        model.AddClass(0, MpamClassType.Cache, 3);
        model.AddComponent(0, 0, Cpus("0-3", 4));
        model.MapClass(L3, 0, allocCapable: false);

        Assert.That(model.Setup(), Is.EqualTo(-Errno.EOPNOTSUPP));
        Assert.That(model.Domains(), Is.EqualTo("L3~[]"));
        Assert.That(model.CpuOnline(0), Is.Zero, "no callback runs while MPAM is disabled");
        Assert.That(model.Kernel.Ledger.AllocsTotal, Is.Zero);
    }

    [Test]
    public void SetupSetsEachResourcesRidAndEmptiesTheLists()
    {
        var model = TwoL3();
        Assert.That(model.Resctrl.Controls.Select(r => r.Rid), Is.All.Zero, "resctrl_res.rid is zero before setup");
        Assert.That(model.Setup(), Is.Zero);
        Assert.That(model.Resctrl.Controls.Select(r => r.Rid), Is.EqualTo(Enumerable.Range(0, 5)));
        Assert.That(model.Domains(), Is.EqualTo("L3[]"));
        Assert.That(model.Snapshot().Lifecycle.CallbacksRegistered, Is.True);
    }

    [Test]
    public void SetupReplaysTheCpusTheHotplugCoreHoldsOnlineInAscendingOrder()
    {
        var model = TwoL3();
        model.OnlineAll("6,1,5");
        Assert.That(model.Domains(), Is.EqualTo("L3[]"), "before setup, online only changes the core's view");

        Assert.That(model.Setup(), Is.Zero);
        Assert.That(model.StepEvents(), Is.EqualTo(
            "online_ctrl_domain(L3,0) online_cpu(1) online_ctrl_domain(L3,1) online_cpu(5) online_cpu(6)"));
        Assert.That(model.Domains(), Is.EqualTo("L3[0:1 1:5-6]"));
    }

    [Test]
    public void AFailedReplayRollsBackTheCpusBelowInAscendingOrderAndInstallsNothing()
    {
        var model = TwoL3();
        model.OnlineAll("0,1,4,5");
        model.FailAlloc(2);                                         // CPU 4's domain: the second allocation

        Assert.That(model.Setup(), Is.EqualTo(-Errno.ENOMEM));
        Assert.That(model.StepEvents(), Is.EqualTo(
            "online_ctrl_domain(L3,0) online_cpu(0) online_cpu(1) offline_cpu(0) offline_cpu(1) offline_ctrl_domain(L3,0)"));
        var s = model.Snapshot();
        Assert.That(s.Lifecycle.MpamEnabled, Is.True, "the driver only prints an error when the cpuhp state fails");
        Assert.That(s.Lifecycle.CallbacksRegistered, Is.False);
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[]"));
        Assert.That(model.OnlineCpus(), Is.EqualTo("0-1,4-5"), "installing a state takes no CPU down");
        Assert.That(s.Counters.AllocsLive, Is.Zero);

        Assert.That(model.CpuOffline(0), Is.Zero);
        Assert.That(model.StepEvents(), Is.EqualTo("-"), "no callback once the state failed to install");
    }

    [Test]
    public void SetupRunsOnce()
    {
        var model = TwoL3();
        Assert.That(model.Setup(), Is.Zero);
        Assert.That(model.Setup(), Is.EqualTo(StepRc.NotRun));
    }

    [Test]
    public void PlatformChangesAfterSetupAreRefused()
    {
        var model = TwoL3();
        model.Setup();
        Assert.That(model.AddClass(7, MpamClassType.Cache), Is.EqualTo(-Errno.EBUSY));
        Assert.That(model.MapClass(L2, 0, true), Is.EqualTo(-Errno.EBUSY));
        Assert.That(model.Snapshot().Resources[L2].ClassMapped, Is.False);
    }
}
