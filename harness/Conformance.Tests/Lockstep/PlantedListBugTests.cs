using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// A copy-paste slip in mainline's offline path, run against the unchanged model: the monitor
/// header's call is given the control header. When a domain's last CPU leaves, the control
/// header is unlinked twice and the monitor header never; a CONFIG_DEBUG_LIST kernel refuses the
/// second list_del_rcu() (its ->prev is LIST_POISON2) where, unchecked, it writes through the
/// poison and crashes.
/// </summary>
public sealed class PlantedListBugTests : PlantedMainlineBugTest
{
    [Test]
    public void UnlinkingTheControlHeaderTwiceIsRefusedAndNamedWhereTheKernelWouldWarn()
    {
        var (exit, message, findings) = RunPlanted(
            Replacing("mon_dom_empty = mpam_resctrl_offline_domain_hdr(cpu, &mon_d->hdr);",
                "\t\t\tmon_dom_empty = mpam_resctrl_offline_domain_hdr(cpu, &ctrl_d->hdr);"),
            "vectors/mainline/domains.csv");
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence), "a divergence, not a crash");
        // two-l3 parts first: the row's first step, CPU 4, leaves the control header twice and the monitor header never.
        Assert.That(message, Is.EqualTo("reference and model disagree after `offline cpus=4-6`: cpu mask of monitor domain L3/1: 4-7 vs 5-7"));
        Assert.That(findings, Does.Contain(("reference", "list_corruption", "mpam_resctrl_offline_domain_hdr")),
            "one-cpu-l3s: the only CPU's offline empties the control header, then unlinks it again");
        Assert.That(findings.Where(f => f.Kind == "list_corruption").Select(f => f.Side), Has.All.EqualTo("reference"),
            "the model, unchanged, unlinks each header once");
    }
}
