namespace Conformance.Vectors;

/// <summary>The ops of the vector format (vectors/README.md), one per kind of step.</summary>
public enum StepOp
{
    Topology,
    Class,
    Component,
    Map,
    PartidMax,
    Setup,
    Online,
    Offline,
    FailAlloc,
    FailOnlineCtrlDomain,
    AllocCapable,
    NumClosid,
    GetResource,
    Cache,
    Props,
    Mount,
    Unmount,
    Schemata,
    SchemataRead,
    Exit,
    Teardown,
    FailFs,
    MonCtxAlloc,
    MonCtxFree,
    RmidRead,
    CpusWrite,
    TaskWrite,
    TaskMatch,
    PmgMax,
    RmidIdx,
    RmidIdxDecode,
}

public static class StepOps
{
    private static readonly (string Name, StepOp Op)[] Names =
    [
        ("topology", StepOp.Topology), ("class", StepOp.Class), ("component", StepOp.Component), ("map", StepOp.Map),
        ("partid_max", StepOp.PartidMax), ("setup", StepOp.Setup), ("online", StepOp.Online), ("offline", StepOp.Offline),
        ("fail_alloc", StepOp.FailAlloc), ("fail_online_ctrl_domain", StepOp.FailOnlineCtrlDomain),
        ("alloc_capable", StepOp.AllocCapable), ("num_closid", StepOp.NumClosid), ("get_resource", StepOp.GetResource),
        ("cache", StepOp.Cache), ("props", StepOp.Props), ("mount", StepOp.Mount), ("unmount", StepOp.Unmount),
        ("schemata", StepOp.Schemata), ("schemata_read", StepOp.SchemataRead), ("exit", StepOp.Exit), ("teardown", StepOp.Teardown),
        ("fail_fs", StepOp.FailFs), ("mon_ctx_alloc", StepOp.MonCtxAlloc), ("mon_ctx_free", StepOp.MonCtxFree), ("rmid_read", StepOp.RmidRead),
        ("cpus_write", StepOp.CpusWrite), ("task_write", StepOp.TaskWrite), ("task_match", StepOp.TaskMatch),
        ("pmg_max", StepOp.PmgMax), ("rmid_idx", StepOp.RmidIdx), ("rmid_idx_decode", StepOp.RmidIdxDecode),
    ];

    public static IEnumerable<string> AllNames => Names.Select(n => n.Name);

    public static bool TryParse(string name, out StepOp op)
    {
        foreach (var (n, o) in Names)
            if (n == name)
            {
                op = o;
                return true;
            }
        op = default;
        return false;
    }

    /// <summary>The op's name in the vector format. Every recorded step asks: an array, not a search.</summary>
    public static string NameOf(StepOp op) => NameByOp[(int)op];

    private static readonly string[] NameByOp = MakeNameByOp();

    private static string[] MakeNameByOp()
    {
        var names = new string[Enum.GetValues<StepOp>().Length];
        foreach (var (name, op) in Names)
            names[(int)op] = name;
        return Array.IndexOf(names, null) is var missing and >= 0
            ? throw new InvalidOperationException($"the op {(StepOp)missing} has no name") : names;
    }

    /// <summary>Query ops return a value, not a status: their rc 1 is just 1.</summary>
    public static bool ReturnsValue(StepOp op) => op is StepOp.AllocCapable or StepOp.NumClosid or StepOp.GetResource or StepOp.SchemataRead
        or StepOp.MonCtxAlloc or StepOp.RmidRead or StepOp.TaskMatch or StepOp.RmidIdx or StepOp.RmidIdxDecode;

    /// <summary>Ops that describe the platform: only before setup.</summary>
    public static bool IsConfiguration(StepOp op) => op is StepOp.Topology or StepOp.Class or StepOp.Component or StepOp.Map or StepOp.Cache or StepOp.Props;
}
