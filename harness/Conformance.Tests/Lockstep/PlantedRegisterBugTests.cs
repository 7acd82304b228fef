using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// Bugs planted in mainline's task and CPU plumbing, each one edit, that no observable showed
/// before the MPAM0_EL1 values were compared: each is run against the unchanged model over
/// tasks.csv, and the divergence names the register that went wrong, at the step it did.
/// </summary>
public sealed class PlantedRegisterBugTests : PlantedMainlineBugTest
{
    private (int Exit, string Message) RunPlanted(string diff) => RunPlantedWithFindings(diff) is var (exit, message, _) ? (exit, message) : default;

    private (int Exit, string Message, List<(string Side, string Kind, string Function)> Findings) RunPlantedWithFindings(string diff) =>
        RunPlanted(diff, "vectors/mainline/tasks.csv");

    [Test]
    public void ASyncCalledDirectlyRunsPreemptibleAndLockdepSaysSo()
    {
        // The switch's sync called on the caller's CPU instead of through on_each_cpu(): it runs
        // with preemption on, which both of its lockdep assertions catch in a debug kernel.
        var (exit, _, findings) = RunPlantedWithFindings(Replacing("on_each_cpu(resctrl_arch_sync_cpu_closid_rmid, NULL, 1);",
            "\tresctrl_arch_sync_cpu_closid_rmid(NULL);"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(findings, Does.Contain(("reference", "preemptible", "resctrl_arch_sync_cpu_closid_rmid")));
        Assert.That(findings.Where(f => f.Kind == "preemptible").Select(f => f.Side), Has.None.EqualTo("both").And.None.EqualTo("model"),
            "the model, unchanged, syncs through on_each_cpu()");
    }

    [Test]
    public void ASyncNotWaitedForLeavesTheOtherCpusOnTheOldPartidsWhenTheMountReturns()
    {
        // on_each_cpu(..., 0): the mounting CPU (3, the last the hotplug core brought up) syncs at
        // once; the IPIs to CPUs 0-2 are still pending when the mount returns.
        var (exit, message) = RunPlanted(Replacing("on_each_cpu(resctrl_arch_sync_cpu_closid_rmid, NULL, 1);",
            "	on_each_cpu(resctrl_arch_sync_cpu_closid_rmid, NULL, 0);"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(message, Is.EqualTo("reference and model disagree after `mount cdp=1`: CPU MPAM0_EL1: "
            + "CPU 0: partid d=0 i=0 pmg d=0 i=0; CPU 1: partid d=3 i=3 pmg d=1 i=1; CPU 2: partid d=0 i=0 pmg d=0 i=0 vs "
            + "CPU 0: partid d=0 i=1 pmg d=0 i=0; CPU 1: partid d=0 i=1 pmg d=0 i=0; CPU 2: partid d=0 i=1 pmg d=0 i=0"));
    }

    [Test]
    public void NoSyncAfterTheCdpSwitchLeavesEveryCpuRunningTheOldPartids()
    {
        var (exit, message) = RunPlanted(Replacing("on_each_cpu(resctrl_arch_sync_cpu_closid_rmid, NULL, 1);", "\t/* no sync */"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(message, Does.StartWith("reference and model disagree after `mount cdp=1`: CPU MPAM0_EL1: "));
        Assert.That(message, Does.Contain("CPU 1: partid d=3 i=3 pmg d=1 i=1").And.Contain("CPU 1: partid d=0 i=1 pmg d=0 i=0"),
            "CPU 1 still runs the task of closid 3's group; the model has switched it to the reserved pair");
    }

    [Test]
    public void CodeAndDataSwappedInACpusDefaultShowWhereTheCpuIsWrittenUnderCdp()
    {
        // The first such line is resctrl_arch_set_cpu_default_closid_rmid()'s (the task's is the second).
        var (exit, message) = RunPlanted(Replacing("u32 partid_d = resctrl_get_config_index(closid, CDP_DATA);",
            "\t\tu32 partid_d = resctrl_get_config_index(closid, CDP_CODE);"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        // closid 2 under CDP is the pair (4, 5): the reference takes the code partid for data too.
        Assert.That(message, Is.EqualTo("reference and model disagree after `cpus_write cpu=2 closid=2 rmid=0`: CPU default MPAM0_EL1: " +
            "CPU 2: partid d=5 i=5 pmg d=0 i=0 vs CPU 2: partid d=4 i=5 pmg d=0 i=0"));
    }
}
