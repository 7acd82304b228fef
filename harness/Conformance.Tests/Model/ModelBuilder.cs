using Conformance.Model;
using Conformance.Observation;

namespace Conformance.Tests.Model;

/// <summary>Small platforms the model tests start from, and one-line views of the model's state.</summary>
internal static class ModelBuilder
{
    public const int L3 = 0, L2 = 1, MBA = 2;

    public static ulong[] Cpus(string cpulist, int nrCpus = 64) => CpuList.ParseMask(cpulist, nrCpus);

    /// <summary>8 CPUs; class 0 (L3 cache) with component 0 on 0-3 and 1 on 4-7, mapped to L3.</summary>
    public static MpamModel TwoL3(ModelVariant variant = ModelVariant.Patch)
    {
        var model = new MpamModel(ResourceProfile.Default, variant);
        model.Topology(8);
        model.AddClass(0, MpamClassType.Cache, 3);
        model.AddComponent(0, 0, Cpus("0-3", 8));
        model.AddComponent(0, 1, Cpus("4-7", 8));
        model.MapClass(L3, 0, allocCapable: true);
        return model;
    }

    /// <summary><see cref="TwoL3"/> plus class 1 (memory) with component 5 on every CPU, mapped to MBA.</summary>
    public static MpamModel L3AndMba(bool mbaAllocCapable, ModelVariant variant = ModelVariant.Patch)
    {
        var model = TwoL3(variant);
        model.AddClass(1, MpamClassType.Memory);
        model.AddComponent(1, 5, Cpus("0-7", 8));
        model.MapClass(MBA, 1, mbaAllocCapable);
        return model;
    }

    public static StateSnapshot Snapshot(this MpamModel model)
    {
        var snapshot = new StateSnapshot(model.Profile);
        model.Fill(snapshot);
        return snapshot;
    }

    public static string Domains(this MpamModel model) => DomainText.Format(model.Snapshot());

    public static string StepEvents(this MpamModel model)
    {
        var s = model.Snapshot();
        return EventText.FormatList(s.Step.Events.AsSpan(), s.Profile);
    }

    public static string OnlineCpus(this MpamModel model) => CpuList.Format(model.Hotplug.OnlineMask);

    public static uint WarnHits(this MpamModel model, string function, string condition) =>
        model.Kernel.Warns.SitesInFirstHitOrder.FirstOrDefault(s => s.Function == function && s.Condition == condition)?.Hits ?? 0;

    public static void OnlineAll(this MpamModel model, string cpulist)
    {
        foreach (int cpu in CpuList.Sequence(CpuList.ParseItems(cpulist)))
            model.CpuOnline(cpu);
    }
}
