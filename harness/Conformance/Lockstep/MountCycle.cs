using System.Globalization;
using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// DESIGN.md's invariant that a mount/unmount cycle changes nothing the filesystem can observe:
/// what each resource tells the filesystem (mapped class, alloc_capable, mon_capable, CDP, the
/// default control, min_bw, bw_gran, num_rmid) before a mount, held against the same after the
/// unmount that follows it. One per side; only mount and unmount steps cost anything.
/// </summary>
public sealed class MountCycle(ResourceProfile profile)
{
    private string[]? _beforeMount;

    /// <summary>Before a mount step runs: what the filesystem sees now.</summary>
    public void BeforeMount(StateSnapshot s) => _beforeMount ??= Describe(s);

    /// <summary>After an unmount step: every difference from before the mount, as a finding.</summary>
    public void AfterUnmount(StateSnapshot s, List<RawFinding> into)
    {
        if (_beforeMount is not { } before)
            return;
        _beforeMount = null;
        var after = Describe(s);
        for (int r = 0; r < Math.Min(before.Length, after.Length); r++)
            if (before[r] != after[r])
                into.Add(new($"mount-cycle:{profile.NameOf(r)}", "invariant",
                    $"A mount and unmount changed what the filesystem sees of {profile.NameOf(r)}: before the mount {before[r]}, after the unmount {after[r]}."));
    }

    public void Reset() => _beforeMount = null;

    private static string[] Describe(StateSnapshot s)
    {
        var resources = s.Resources.AsSpan();
        var text = new string[resources.Length];
        for (int r = 0; r < resources.Length; r++)
        {
            ref readonly var x = ref resources[r];
            text[r] = string.Create(CultureInfo.InvariantCulture,
                $"class {x.ClassId}, alloc_capable {(x.AllocCapable ? 1 : 0)}, mon_capable {(x.MonCapable ? 1 : 0)}, CDP {(x.CdpEnabled ? "on" : "off")}, " +
                $"default control 0x{x.DefaultCtrl:x}, min_bw {x.MinBw}, bw_gran {x.BwGran}, num_rmid {x.NumRmid}");
        }
        return text;
    }
}
