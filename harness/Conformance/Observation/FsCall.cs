namespace Conformance.Observation;

/// <summary>The filesystem calls a scenario can make fail: mpam_ref.h's enum mpam_ref_fs_call, by value.</summary>
public enum FsCall
{
    OnlineCtrlDomain = 1,
    OnlineMonDomain = 2,
    ResctrlInit = 3,
}

/// <summary>The vector files' names of <see cref="FsCall"/> (the C function without its resctrl_ prefix).</summary>
public static class FsCalls
{
    private static readonly (string Name, FsCall Call)[] All =
        [("online_ctrl_domain", FsCall.OnlineCtrlDomain), ("online_mon_domain", FsCall.OnlineMonDomain), ("resctrl_init", FsCall.ResctrlInit)];

    public static IReadOnlyList<string> Names { get; } = All.Select(c => c.Name).ToArray();

    public static FsCall Parse(string name) => All.First(c => c.Name == name).Call;

    public static string NameOf(FsCall call) => All.First(c => c.Call == call).Name;
}

/// <summary>The filesystem's mount options that reach the arch code: mpam_ref.h's MPAM_REF_MOUNT_*.</summary>
[Flags]
public enum MountOptions
{
    None = 0,
    /// <summary>mount -o cdp: CDP on the L3.</summary>
    Cdp = 1,
    /// <summary>mount -o cdpl2: CDP on the L2.</summary>
    CdpL2 = 2,
}

/// <summary>The monitoring events a vector names: enum resctrl_event_id, by value.</summary>
public static class MonEvents
{
    private static readonly (string Name, int Id)[] All = [("l3_occupancy", 1), ("mbm_total", 2), ("mbm_local", 3)];

    public static IReadOnlyList<string> Names { get; } = All.Select(e => e.Name).ToArray();

    public static int Parse(string name) => All.First(e => e.Name == name).Id;
}
