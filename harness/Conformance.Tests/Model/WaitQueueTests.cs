using Conformance.Model;
using Conformance.Observation;

namespace Conformance.Tests.Model;

// The model's wait queues against what the stand-ins claim (reference-c/kernel/stand_in_controlled.h).
public sealed class WaitQueueTests
{
    [Test]
    public void AnEntryTakenOffByFinishWaitIsNotReported()
    {
        var k = new KernelContext();
        var wait = new WaitEntry();
        k.Waits.PrepareToWait(wait, "&q", "waiter");
        k.Waits.PrepareToWait(wait, "&q", "waiter");               // queued once, as list_empty() keeps it
        Assert.That(wait.Queued, Is.True);
        k.Waits.FinishWait(wait);
        Assert.That(wait.Queued, Is.False);
        k.StepEnd();
        Assert.That(k.Rules.TotalReports, Is.Zero);
    }

    [Test]
    public void AnEntryStillQueuedWhenTheStepEndsIsReportedOnceWithItsQueueAndFunction()
    {
        var k = new KernelContext();
        k.Waits.PrepareToWait(new WaitEntry(), "&resctrl_mon_ctx_waiters", "resctrl_arch_mon_ctx_alloc");
        Assert.That(k.Rules.TotalReports, Is.Zero, "reported when the step returns, not before");
        k.StepEnd();
        Assert.That(k.Rules.TotalReports, Is.EqualTo(1u));
        Assert.That(k.Rules.PrintedReports, Is.EqualTo(1u));
        var report = k.Rules.StepReports[0];
        Assert.That(report.Kind, Is.EqualTo(RuleKind.WaitEntryQueuedAtReturn));
        Assert.That(report.Function, Is.EqualTo("resctrl_arch_mon_ctx_alloc"));
        Assert.That(report.Detail, Is.EqualTo("&resctrl_mon_ctx_waiters"));
        k.StepEnd();
        Assert.That(k.Rules.TotalReports, Is.EqualTo(1u));
    }

    [Test]
    public void WakeUpIsCountedAndResetForgetsEverything()
    {
        var k = new KernelContext();
        k.Waits.WakeUp();
        k.Waits.WakeUp();
        Assert.That(k.Waits.WakeUps, Is.EqualTo(2u));
        k.Waits.PrepareToWait(new WaitEntry(), "&q", "waiter");
        k.Reset();
        Assert.That(k.Waits.WakeUps, Is.Zero);
        k.StepEnd();
        Assert.That(k.Rules.TotalReports, Is.Zero);
    }

    [Test]
    public void MainlinesBootWakesTheCacheinfoWaitersOnceAndTheCachesStageHasNoSuchInitcall()
    {
        var profile = ResourceProfile.Default.WithRevision(["cpor_part"], picksClasses: true);
        var mainline = new Conformance.Model.Mainline.MainlineModel(profile, Conformance.Model.Mainline.MainlineStage.Mainline);
        Assert.That(mainline.Kernel.Waits.WakeUps, Is.EqualTo(1u), "__cacheinfo_ready() ran at boot");
        Assert.That(mainline.Resctrl.CacheinfoIsReady, Is.True);
        mainline.Reset();
        Assert.That(mainline.Kernel.Waits.WakeUps, Is.EqualTo(1u), "every reset boots again: once, not once more");
        var caches = new Conformance.Model.Mainline.MainlineModel(profile, Conformance.Model.Mainline.MainlineStage.CachesCdp);
        Assert.That(caches.Kernel.Waits.WakeUps, Is.Zero);
        Assert.That(caches.Resctrl.CacheinfoIsReady, Is.False);
    }
}
