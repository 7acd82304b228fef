using Conformance.Model;
using Conformance.Model.Mainline;
using Conformance.Observation;

namespace Conformance.Tests.Model;

/// <summary>The mainline family's model on its own: what it observes that the vectors cannot make happen.</summary>
public sealed class MainlineModelTests
{
    private static readonly ResourceProfile Profile = ResourceProfile.Default.WithRevision(
        ["cpor_part", "mbw_max", "msmon_csu"], picksClasses: true);

    [Test]
    public void AWalkThatReachesAFreedAllocationIsReportedAndStops()
    {
        var k = new KernelContext();
        long live = k.Ledger.Allocate(0, "t", 64), freed = k.Ledger.Allocate(0, "t", 64);
        k.Ledger.Free(freed);
        Assert.That(k.ListVisit(live, "walker"), Is.True);
        Assert.That(k.Rules.TotalReports, Is.Zero);
        Assert.That(k.ListVisit(freed, "walker"), Is.False);
        Assert.That(k.Rules.StepReports[0].Kind, Is.EqualTo(RuleKind.UseAfterFree));
        Assert.That(k.Rules.StepReports[0].Function, Is.EqualTo("walker"));
    }

    [Test]
    public void TheCachesAndCdpStageHasNoExitTeardownOrMonitors()
    {
        var stage = new MainlineModel(Profile, MainlineStage.CachesCdp);
        Assert.That(stage.Exit(), Is.EqualTo(-Errno.EOPNOTSUPP));
        Assert.That(stage.TeardownClass(0), Is.EqualTo(-Errno.EOPNOTSUPP));
        Assert.That(stage.RmidRead(0, 0, 0, 1), Is.EqualTo(-Errno.EOPNOTSUPP));
        var merged = new MainlineModel(Profile, MainlineStage.Mainline);
        Assert.That(merged.Exit(), Is.Zero, "resctrl was never enabled: nothing to do");
        Assert.That(merged.TeardownClass(0), Is.EqualTo(-Errno.ENOENT));
        Assert.That(merged.RmidRead(0, 0, 0, 1), Is.EqualTo(-Errno.EINVAL), "no event enabled yet");
    }

    [Test]
    public void PartidsAreFixedOnceTheComponentsKeepConfigurations()
    {
        var model = new MainlineModel(Profile, MainlineStage.Mainline);
        Assert.That(model.Topology(2), Is.Zero);
        Assert.That(model.SetPartidMax(3), Is.Zero);
        Assert.That(model.Setup(), Is.EqualTo(-Errno.EOPNOTSUPP), "nothing to pick");
        Assert.That(model.SetPartidMax(7), Is.EqualTo(-Errno.EBUSY));
        Assert.That(model.NumClosid(), Is.EqualTo(4));
    }
}
