using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// The seed's model ([PATCH v6 14/40]) driven like the C reference: the shared
/// <see cref="ModelSide"/> plus what this revision has: classes mapped by the scenario and the
/// three resctrl_arch_* queries. It defines none of the arch functions the filesystem's actions
/// reach.
/// </summary>
/// <remarks>Allocation-free per step once warmed up, except that a domain allocation allocates its object.</remarks>
public sealed class MpamModel : ModelSide
{
    public MpamModel(ResourceProfile profile, ModelVariant variant = ModelVariant.Patch)
        : base(profile, kernel => new MpamResctrl(kernel, profile.Count, variant))
    {
        Variant = variant;
        Resctrl = (MpamResctrl)File;
        Reset();
    }

    public ModelVariant Variant { get; }
    public MpamResctrl Resctrl { get; }

    protected override void ResetFile() => Resctrl.Reset();

    protected override bool KeepsConfigurations => false;

    // --- the filesystem's actions: the seed defines none of the arch functions they reach ---

    public override int Mount(MountOptions options) => Unsupported(RcKind.Status);
    public override int Unmount() => Unsupported(RcKind.Status);
    public override int SchemataWrite(int rid, int closid, int type, ReadOnlySpan<int> domainIds, ReadOnlySpan<uint> values) => Unsupported(RcKind.Status);
    public override int SchemataRead(int rid, int domainId, int closid, int type) => Unsupported(RcKind.Value);
    public override int Exit() => Unsupported(RcKind.Status);
    public override int TeardownClass(int classId) => Unsupported(RcKind.Status);
    public override int MonCtxAlloc(int eventId) => Unsupported(RcKind.Value);
    public override int MonCtxFree(int eventId) => Unsupported(RcKind.Status);
    public override int RmidRead(int domainId, int closid, int rmid, int eventId) => Unsupported(RcKind.Value);
    public override int CpusWrite(int cpu, int closid, int rmid) => Unsupported(RcKind.Status);
    public override int TaskWrite(int task, int closid, int rmid) => Unsupported(RcKind.Status);
    public override int TaskMatch(int task, int closid, int rmid) => Unsupported(RcKind.Value);

    /// <summary>
    /// A class's merged props. The seed's revision brings no mpam_internal.h: its classes (the
    /// stand-in's) have no props, so the reference refuses with -EOPNOTSUPP, after the checks it shares.
    /// </summary>
    public override int SetClassProps(int classId, ReadOnlySpan<ulong> features, int cpbmWd, int mbwPbmBits, int bwaWd, int numCsuMon, int numMbwuMon)
    {
        Begin(RcKind.Status);
        if (Devices.SetupDone)
            return End(-Errno.EBUSY);
        return End(Kernel.Topology.FindClass(classId) is null ? -Errno.ENOENT : -Errno.EOPNOTSUPP);
    }

    /// <summary>Each resource and its control domains, the way the C side's mpam_ref_snapshot() walks them.</summary>
    protected override void WriteResources(StateSnapshot snapshot)
    {
        foreach (var res in Resctrl.ControlsSpan)
        {
            ref var resource = ref snapshot.AddResource();
            resource.ClassMapped = res.Class is not null;
            resource.AllocCapable = res.AllocCapable;
            resource.ClassId = res.Class?.Id ?? -1;
            // No CDP, no monitors, and nothing initialised: an all-zero rdt_resource's sizes are 0.
            if (!WalkLists)
                continue;
            foreach (var dom in res.CtrlDomains)
            {
                if (!Kernel.Ledger.IsLive(dom.Allocation))
                {
                    snapshot.Lifecycle.FreedListed++;               // read up to the first freed node
                    break;
                }
                AddDomain(snapshot, dom.Hdr, dom.CtrlComp?.Id ?? -1, monitor: false);
            }
        }
    }

    protected override EditedRow? RowOf(ListEdit edit)
    {
        var controls = Resctrl.ControlsSpan;
        for (int r = 0; r < controls.Length; r++)
            if (ReferenceEquals(controls[r].CtrlDomains, edit.List) && edit.Domain is ResctrlDomain dom)
                return new EditedRow(r, Monitor: false, dom.Hdr, dom.CtrlComp?.Id ?? -1);
        return null;
    }

    protected override bool AnyListedFreed()
    {
        foreach (var res in Resctrl.ControlsSpan)
            foreach (var dom in res.CtrlDomains)
                if (!Kernel.Ledger.IsLive(dom.Allocation))
                    return true;
        return false;
    }

    protected override void CollectHolders(HashSet<long> into)
    {
        foreach (var res in Resctrl.ControlsSpan)
            foreach (var dom in res.CtrlDomains.TakeWhile(d => Kernel.Ledger.IsLive(d.Allocation)))
                into.Add(dom.Allocation);
    }
}
