using Conformance.Vectors;

namespace Conformance.Model;

/// <summary>Applies a vector step to the model: the managed counterpart of the engine's calls into mpam_ref.h.</summary>
public static class ModelStepApplier
{
    /// <summary>Runs the step; returns its rc (also what <see cref="MpamModel.Fill"/> will report).</summary>
    public static int Apply(MpamModel model, Step step) => step.Args switch
    {
        TopologyArgs a => model.Topology(a.Cpus, a.Nodes),
        ClassArgs a => model.AddClass(a.Id, a.Type, a.Level),
        ComponentArgs a => model.AddComponent(a.ClassId, a.Id, a.Affinity),
        MapArgs a => model.MapClass(a.Rid, a.ClassId, a.AllocCapable),
        PartidMaxArgs a => model.SetPartidMax(a.Value),
        CpuArgs a when step.Op == StepOp.Online => model.CpuOnline(a.Cpu),
        CpuArgs a when step.Op == StepOp.Offline => model.CpuOffline(a.Cpu),
        FailAllocArgs a => model.FailAlloc(a.Nth),
        FailOnlineCtrlDomainArgs a => model.FailOnlineCtrlDomain(a.Nth, a.Error),
        GetResourceArgs a => model.GetResource(a.Level),
        _ => step.Op switch
        {
            StepOp.Setup => model.Setup(),
            StepOp.AllocCapable => model.AllocCapable(),
            StepOp.NumClosid => model.NumClosid(),
            _ => throw new ArgumentException($"no arguments of type {step.Args.GetType().Name} for {step.Op}", nameof(step)),
        },
    };
}
