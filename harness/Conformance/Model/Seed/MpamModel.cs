using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// The managed model of the patch, driven one step at a time like the C reference's flat ABI
/// (mpam_ref.h): each public operation is one step, returns the step's rc, and records what the
/// step did; <see cref="Fill"/> writes the observable state and that record into a snapshot.
/// </summary>
/// <remarks>
/// Allocation-free per step once warmed up, except that a domain allocation allocates its object.
/// Configuration (topology, class, component, map) is for before setup: after it, they return
/// -EBUSY and change nothing (the vector reader rejects such scenarios before they run).
/// </remarks>
public sealed class MpamModel : Lockstep.IMpamSide
{
    public MpamModel(ResourceProfile profile, ModelVariant variant = ModelVariant.Patch)
    {
        Profile = profile;
        Variant = variant;
        Resctrl = new MpamResctrl(Kernel, profile.Count, variant);
        Hotplug = new HotplugCore(Kernel);
        Devices = new MpamDevices(Resctrl, Hotplug);
        Reset();
    }

    public ResourceProfile Profile { get; }
    public ModelVariant Variant { get; }
    public KernelContext Kernel { get; } = new();
    public MpamResctrl Resctrl { get; }
    public HotplugCore Hotplug { get; }
    public MpamDevices Devices { get; }

    /// <summary>The last step's result, as it will be filled into <see cref="StateSnapshot.Step"/>.</summary>
    public int LastRc { get; private set; }
    public RcKind LastRcKind { get; private set; }

    /// <summary>mpam_ref_reset(): no topology, no classes, nothing mapped, MPAM disabled, nothing recorded.</summary>
    public void Reset()
    {
        Kernel.Reset();
        Resctrl.Reset();
        Hotplug.Reset(0);
        Devices.Reset();
        LastRc = 0;
        LastRcKind = RcKind.Status;
    }

    // --- configuration -------------------------------------------------

    /// <summary>CPUs 0..cpus-1 become possible, all offline; CPU c is on node c*nodes/cpus.</summary>
    public int Topology(int cpus, int nodes = 1)
    {
        Begin(RcKind.Status);
        if (Devices.SetupDone)
            return End(-Errno.EBUSY);
        int rc = Kernel.Topology.Define(cpus, nodes);
        if (rc == 0)
            Hotplug.Reset(cpus);
        return End(rc);
    }

    /// <summary>An MPAM class; -EEXIST for a known id.</summary>
    public int AddClass(int classId, MpamClassType type, int level = 0)
    {
        Begin(RcKind.Status);
        return End(Devices.SetupDone ? -Errno.EBUSY : Kernel.Topology.AddClass(classId, type, level));
    }

    /// <summary>A component of a class with its affinity; ids may repeat. -ENOENT for an unknown class.</summary>
    public int AddComponent(int classId, int componentId, ReadOnlySpan<ulong> affinity)
    {
        Begin(RcKind.Status);
        return End(Devices.SetupDone ? -Errno.EBUSY : Kernel.Topology.AddComponent(classId, componentId, affinity));
    }

    // --- the filesystem's actions: the seed defines none of the arch functions they reach ---

    public int Mount(bool cdp) => Unsupported(RcKind.Status);
    public int Unmount() => Unsupported(RcKind.Status);
    public int SchemataWrite(int rid, int closid, int type, ReadOnlySpan<int> domainIds, ReadOnlySpan<uint> values) => Unsupported(RcKind.Status);
    public int SchemataRead(int rid, int domainId, int closid, int type) => Unsupported(RcKind.Value);
    public int Exit() => Unsupported(RcKind.Status);
    public int TeardownClass(int classId) => Unsupported(RcKind.Status);

    private int Unsupported(RcKind kind)
    {
        Begin(kind);
        return End(-Errno.EOPNOTSUPP);
    }

    /// <summary>
    /// A class's merged props. The seed's revision brings no mpam_internal.h: its classes (the
    /// stand-in's) have no props, so the reference refuses with -EOPNOTSUPP, after the checks it shares.
    /// </summary>
    public int SetClassProps(int classId, ReadOnlySpan<ulong> features, int cpbmWd, int mbwPbmBits, int bwaWd, int numCsuMon, int numMbwuMon)
    {
        Begin(RcKind.Status);
        if (Devices.SetupDone)
            return End(-Errno.EBUSY);
        return End(Kernel.Topology.FindClass(classId) is null ? -Errno.ENOENT : -Errno.EOPNOTSUPP);
    }

    /// <summary>The CPUs' cache at a level, as cacheinfo reports it (the seed's file does not ask).</summary>
    public int SetCacheInfo(ReadOnlySpan<ulong> cpus, int level, int id, int size)
    {
        Begin(RcKind.Status);
        return End(Devices.SetupDone ? -Errno.EBUSY : Kernel.Topology.SetCacheInfo(cpus, level, id, size));
    }

    /// <summary>mpam_resctrl_controls[rid].class = the class; resctrl_res.alloc_capable as given.</summary>
    public int MapClass(int rid, int classId, bool allocCapable)
    {
        Begin(RcKind.Status);
        if (Devices.SetupDone)
            return End(-Errno.EBUSY);
        if ((uint)rid >= (uint)Profile.Count)
            return End(-Errno.EINVAL);
        if (Kernel.Topology.FindClass(classId) is not { } mpamClass)
            return End(-Errno.ENOENT);
        Resctrl.MapClass(rid, mpamClass, allocCapable);
        return End(0);
    }

    public int SetPartidMax(int partidMax)
    {
        Begin(RcKind.Status);
        if ((uint)partidMax > ushort.MaxValue)
            return End(-Errno.EINVAL);
        Kernel.PartidMax = partidMax;
        return End(0);
    }

    // --- driving the patch -----------------------------------------------

    /// <summary>mpam_enable_once().</summary>
    public int Setup()
    {
        Begin(RcKind.Status);
        return End(Devices.EnableOnce());
    }

    /// <summary>The hotplug core brings <paramref name="cpu"/> up.</summary>
    public int CpuOnline(int cpu)
    {
        Begin(RcKind.Status);
        return End(IsCpu(cpu) ? Hotplug.CpuUp(cpu) : -Errno.EINVAL);
    }

    /// <summary>The hotplug core takes <paramref name="cpu"/> down.</summary>
    public int CpuOffline(int cpu)
    {
        Begin(RcKind.Status);
        return End(IsCpu(cpu) ? Hotplug.CpuDown(cpu) : -Errno.EINVAL);
    }

    /// <summary>resctrl_arch_alloc_capable(): 1 or 0.</summary>
    public int AllocCapable()
    {
        Begin(RcKind.Value);
        return End(Resctrl.ArchAllocCapable() ? 1 : 0);
    }

    /// <summary>resctrl_arch_get_num_closid().</summary>
    public int NumClosid()
    {
        Begin(RcKind.Value);
        return End((int)Resctrl.ArchGetNumClosid());
    }

    /// <summary>resctrl_arch_get_resource(level): 1 for the slot's own entry, 0 for NULL.</summary>
    public int GetResource(uint level)
    {
        Begin(RcKind.Value);
        var resource = Resctrl.ArchGetResource(level);
        if (resource is null)
            return End(0);
        return End(ReferenceEquals(resource, Resctrl.Controls[(int)level]) ? 1 : -Errno.EFAULT);
    }

    // --- fault injection ---------------------------------------------------

    /// <summary>Fail the nth kzalloc_node() from now (1 = the next); 0 disarms.</summary>
    public int FailAlloc(int nth)
    {
        Begin(RcKind.Status);
        Kernel.Ledger.FailNth(nth);
        return End(0);
    }

    /// <summary>Make the nth resctrl_online_ctrl_domain() from now return <paramref name="error"/>; 0 disarms.</summary>
    public int FailOnlineCtrlDomain(int nth, int error)
    {
        Begin(RcKind.Status);
        Kernel.Fs.FailOnlineCtrlDomain(nth, error);
        return End(0);
    }

    // --- observing ---------------------------------------------------------

    /// <summary>Writes the observable state and the last step's record into <paramref name="snapshot"/>, in place.</summary>
    public void Fill(StateSnapshot snapshot)
    {
        if (!snapshot.Profile.SameAs(Profile))
            throw new ArgumentException("the snapshot is for another resource profile", nameof(snapshot));
        SnapshotWriter.Write(this, snapshot);
    }

    private bool IsCpu(int cpu) => (uint)cpu < (uint)Kernel.Topology.NrCpuIds;

    private void Begin(RcKind kind)
    {
        Kernel.BeginStep();
        LastRcKind = kind;
    }

    private int End(int rc)
    {
        LastRc = rc;
        return rc;
    }
}
