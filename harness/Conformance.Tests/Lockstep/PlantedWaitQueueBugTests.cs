using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// The two edits to mainline's monitor-context wait that no observable showed before wake-ups
/// were counted and queued wait entries checked at return (both survived mutation): each is
/// run against the unchanged model over monitors.csv. The first rmid_read of the file allocates
/// a context (the wait) and frees it (the wake-up).
/// </summary>
public sealed class PlantedWaitQueueBugTests : PlantedMainlineBugTest
{
    private const string Vectors = "vectors/mainline/monitors.csv";
    private const string FirstRead = "reference and model disagree after `rmid_read domain=0 closid=2 rmid=3 event=l3_occupancy`";

    [Test]
    public void NoFinishWaitLeavesTheStackEntryQueuedAndItIsReportedWhereItWasQueued()
    {
        var (exit, message, findings) = RunPlanted(Replacing("finish_wait(&resctrl_mon_ctx_waiters, &wait);", "\t/* no finish_wait() */"), Vectors);
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(message, Does.StartWith(FirstRead));
        Assert.That(findings, Does.Contain(("reference", "wait_entry_queued_at_return", "resctrl_arch_mon_ctx_alloc")));
        Assert.That(findings.Where(f => f.Kind == "wait_entry_queued_at_return").Select(f => f.Side), Has.All.EqualTo("reference"),
            "the model, unchanged, takes its entry off");
    }

    [Test]
    public void NoWakeUpAfterAMonitorIsGivenBackShowsInTheWakeUpCount()
    {
        var (exit, message, _) = RunPlanted(Replacing("wake_up(&resctrl_mon_ctx_waiters);", "\t/* no wake_up() */"), Vectors);
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(message, Is.EqualTo(FirstRead + ": counters.wake_ups: 1 vs 2"), "the boot's wake-up on both sides, then the model's for the freed context");
    }

    [Test]
    public void ABootThatNeverSetsCacheinfoReadyHangsSetupAndTheHungTaskIsNamed()
    {
        // __cacheinfo_ready() still wakes the waiters, but the condition they wait for stays false:
        // setup's wait_event() would sleep for good, uninterruptible.
        var (exit, message, findings) = RunPlanted(Replacing("cacheinfo_ready = true;", "\t/* cacheinfo_ready left false */"), Vectors);
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(message, Does.StartWith("reference and model disagree after `setup`"));
        Assert.That(findings, Does.Contain(("reference", "hung_task", "mpam_resctrl_setup")));
        Assert.That(findings.Where(f => f.Kind == "hung_task").Select(f => f.Side), Has.All.EqualTo("reference"), "the model's boot sets it");
    }
}
