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
    private (string Name, string Value)[][]? _beforeMount;

    /// <summary>Before a mount step runs: what the filesystem sees now.</summary>
    public void BeforeMount(StateSnapshot s) => _beforeMount ??= Describe(s);

    /// <summary>After an unmount step: every difference from before the mount, as a finding per resource.</summary>
    public void AfterUnmount(StateSnapshot s, List<RawFinding> into)
    {
        if (_beforeMount is not { } before)
            return;
        _beforeMount = null;
        var after = Describe(s);
        for (int r = 0; r < Math.Min(before.Length, after.Length); r++)
        {
            var changed = before[r].Zip(after[r]).Where(p => p.First.Value != p.Second.Value).ToList();
            if (changed.Count == 0)
                continue;
            // The fact is which fields of which resource changed; the values are this instance's detail.
            var fields = string.Join(", ", changed.Select(p => p.First.Name));
            into.Add(new($"mount-cycle:{profile.NameOf(r)}:{fields}", "invariant",
                $"A mount and unmount changed what the filesystem sees of {profile.NameOf(r)}: {fields}.",
                CdpSetter, SetterLine(before[r], after[r]),
                Detail: string.Join("; ", changed.Select(p => $"{p.First.Name} {p.First.Value} before, {p.Second.Value} after"))));
        }
    }

    public void Reset() => _beforeMount = null;

    // What a mount and an unmount change on the arch side is resctrl_arch_set_cdp_enabled()'s doing:
    // a finding points at the assignment it leaves behind (the line that sets the field at unmount).
    private const string CdpSetter = "resctrl_arch_set_cdp_enabled";

    private static string? SetterLine((string Name, string Value)[] before, (string Name, string Value)[] after)
    {
        for (int i = 0; i < before.Length; i++)
            if (before[i].Value != after[i].Value)
                return before[i].Name switch
                {
                    "alloc_capable" => "alloc_capable = false",
                    "num_rmid" => "num_rmid = resctrl_arch_system_num_rmid_idx();",
                    _ => null,
                };
        return null;
    }

    private static (string Name, string Value)[][] Describe(StateSnapshot s)
    {
        var resources = s.Resources.AsSpan();
        var fields = new (string, string)[resources.Length][];
        for (int r = 0; r < resources.Length; r++)
        {
            ref readonly var x = ref resources[r];
            fields[r] =
            [
                ("class", x.ClassId.ToString(CultureInfo.InvariantCulture)),
                ("alloc_capable", x.AllocCapable ? "1" : "0"),
                ("mon_capable", x.MonCapable ? "1" : "0"),
                ("CDP", x.CdpEnabled ? "on" : "off"),
                ("default control", $"0x{x.DefaultCtrl:x}"),
                ("min_bw", x.MinBw.ToString(CultureInfo.InvariantCulture)),
                ("bw_gran", x.BwGran.ToString(CultureInfo.InvariantCulture)),
                ("num_rmid", x.NumRmid.ToString(CultureInfo.InvariantCulture)),
            ];
        }
        return fields;
    }
}
