using Conformance.Lockstep;
using Conformance.Observation;

namespace Conformance.Tests.Lockstep;

/// <summary>DESIGN.md's mount/unmount invariant: what the filesystem sees before a mount is what it sees after the unmount.</summary>
public sealed class MountCycleTests
{
    private static readonly ResourceProfile Profile = ResourceProfile.Default;

    private static StateSnapshot State(bool mbaAllocCapable, uint l3NumRmid)
    {
        var s = new StateSnapshot(Profile);
        s.Begin(4);
        for (int r = 0; r < Profile.Count; r++)
        {
            ref var row = ref s.AddResource();
            row.ClassId = r <= 2 ? r : -1;
            row.ClassMapped = r <= 2;
            row.AllocCapable = r < 2 || (r == 2 && mbaAllocCapable);
            row.NumRmid = r == 0 ? l3NumRmid : 0;
        }
        return s;
    }

    [Test]
    public void ACycleThatChangesNothingFindsNothing()
    {
        var cycle = new MountCycle(Profile);
        var found = new List<RawFinding>();
        cycle.BeforeMount(State(mbaAllocCapable: true, l3NumRmid: 8));
        cycle.AfterUnmount(State(mbaAllocCapable: true, l3NumRmid: 8), found);
        Assert.That(found, Is.Empty);
    }

    [Test]
    public void EachChangedResourceIsOneFindingNamingWhatChanged()
    {
        var cycle = new MountCycle(Profile);
        var found = new List<RawFinding>();
        cycle.BeforeMount(State(mbaAllocCapable: true, l3NumRmid: 0));
        cycle.BeforeMount(State(mbaAllocCapable: false, l3NumRmid: 2));   // a second mount keeps the first's "before"
        cycle.AfterUnmount(State(mbaAllocCapable: false, l3NumRmid: 4), found);
        Assert.That(found.Select(f => f.Text), Is.EqualTo(new[]
        {
            "A mount and unmount changed what the filesystem sees of L3: num_rmid.",
            "A mount and unmount changed what the filesystem sees of MBA: alloc_capable.",
        }));
        Assert.That(found.Select(f => f.Detail), Is.EqualTo(new[] { "num_rmid 0 before, 4 after", "alloc_capable 1 before, 0 after" }),
            "the values are the instance's detail, not part of the fact");
        Assert.That(found.Select(f => (f.Function, f.Needle)), Is.EqualTo(new[]
        {
            ("resctrl_arch_set_cdp_enabled", "num_rmid = resctrl_arch_system_num_rmid_idx();"),
            ("resctrl_arch_set_cdp_enabled", "alloc_capable = false"),
        }), "pointing at the assignment the unmount leaves behind");
    }

    [Test]
    public void AnUnmountWithoutAMountBeforeItFindsNothing()
    {
        var found = new List<RawFinding>();
        new MountCycle(Profile).AfterUnmount(State(mbaAllocCapable: false, l3NumRmid: 4), found);
        Assert.That(found, Is.Empty);
    }
}
