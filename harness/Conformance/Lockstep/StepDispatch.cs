using Conformance.Vectors;

namespace Conformance.Lockstep;

/// <summary>The one place a vector step becomes a call on a side.</summary>
public static class StepDispatch
{
    public static int Apply(IMpamSide side, Step step)
    {
        side.BeginStep();
        return Call(side, step);
    }

    private static int Call(IMpamSide side, Step step) => step.Op switch
    {
        StepOp.Topology => step.ArgsAs<TopologyArgs>() is var a ? side.Topology(a.Cpus, a.Nodes) : 0,
        StepOp.Class => step.ArgsAs<ClassArgs>() is var c ? side.AddClass(c.Id, c.Type, c.Level) : 0,
        StepOp.Component => step.ArgsAs<ComponentArgs>() is var c ? side.AddComponent(c.ClassId, c.Id, c.Affinity) : 0,
        StepOp.Map => step.ArgsAs<MapArgs>() is var m ? side.MapClass(m.Rid, m.ClassId, m.AllocCapable) : 0,
        StepOp.Props => step.ArgsAs<PropsArgs>() is var p
            ? side.SetClassProps(p.ClassId, p.Features, p.CpbmWd, p.MbwPbmBits, p.BwaWd, p.NumCsuMon, p.NumMbwuMon) : 0,
        StepOp.Mount => side.Mount(step.ArgsAs<MountArgs>().Options),
        StepOp.Unmount => side.Unmount(),
        StepOp.Schemata => step.ArgsAs<SchemataArgs>() is var w ? side.SchemataWrite(w.Rid, w.Closid, w.Type, w.DomainIds, w.Values) : 0,
        StepOp.SchemataRead => step.ArgsAs<SchemataReadArgs>() is var r ? side.SchemataRead(r.Rid, r.DomainId, r.Closid, r.Type) : 0,
        StepOp.Exit => side.Exit(),
        StepOp.Teardown => side.TeardownClass(step.ArgsAs<TeardownArgs>().ClassId),
        StepOp.Cache => step.ArgsAs<CacheArgs>() is var k ? side.SetCacheInfo(k.Cpus, k.Level, k.Id, k.Size) : 0,
        StepOp.PartidMax => side.SetPartidMax(step.ArgsAs<PartidMaxArgs>().Value),
        StepOp.PmgMax => side.SetPmgMax(step.ArgsAs<PmgMaxArgs>().Value),
        StepOp.RmidIdx => step.ArgsAs<RmidIdxArgs>() is var x ? side.RmidIdxEncode(x.Closid, x.Rmid) : 0,
        StepOp.RmidIdxDecode => step.ArgsAs<RmidIdxDecodeArgs>() is var y ? side.RmidIdxDecode(y.Idx, y.WantRmid) : 0,
        StepOp.Setup => side.Setup(),
        StepOp.Online => side.CpuOnline(step.ArgsAs<CpuArgs>().Cpu),
        StepOp.Offline => side.CpuOffline(step.ArgsAs<CpuArgs>().Cpu),
        StepOp.FailAlloc => side.FailAlloc(step.ArgsAs<FailAllocArgs>().Nth),
        StepOp.MonCtxAlloc => side.MonCtxAlloc(step.ArgsAs<MonEventArgs>().Event),
        StepOp.MonCtxFree => side.MonCtxFree(step.ArgsAs<MonEventArgs>().Event),
        StepOp.RmidRead => step.ArgsAs<RmidReadArgs>() is var m ? side.RmidRead(m.DomainId, m.Closid, m.Rmid, m.Event) : 0,
        StepOp.FailOnlineCtrlDomain or StepOp.FailFs => step.ArgsAs<FailFsArgs>() is var f ? side.FailFs(f.Call, f.Nth, f.Error) : 0,
        StepOp.CpusWrite => step.ArgsAs<CpusWriteArgs>() is var w ? side.CpusWrite(w.Cpu, w.Closid, w.Rmid) : 0,
        StepOp.TaskWrite => step.ArgsAs<TaskWriteArgs>() is var t ? side.TaskWrite(t.Task, t.Closid, t.Rmid) : 0,
        StepOp.TaskMatch => step.ArgsAs<TaskMatchArgs>() is var m ? side.TaskMatch(m.Task, m.Closid, m.Rmid) : 0,
        StepOp.AllocCapable => side.AllocCapable(),
        StepOp.NumClosid => side.NumClosid(),
        StepOp.GetResource => side.GetResource(step.ArgsAs<GetResourceArgs>().Level),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step.Op, "an op the lockstep does not know"),
    };
}
