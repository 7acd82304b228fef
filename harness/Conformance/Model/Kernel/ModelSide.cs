using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// A managed model driven one step at a time like the C reference's flat ABI (mpam_ref.h): each
/// public operation is one step, returns the step's rc, and records what the step did. This base
/// is what every revision family shares: the platform, the hotplug core, mpam_devices.c's hunks,
/// fault injection and the kernel half of the snapshot; a family adds its file's entry points
/// and writes its resources.
/// </summary>
/// <remarks>
/// Configuration (topology, class, component, cache, props, map) is for before setup: after it,
/// it returns -EBUSY and changes nothing (the vector reader rejects such scenarios before they run).
/// </remarks>
public abstract class ModelSide : Lockstep.IMpamSide
{
    /// <param name="makeFile">The family's rendering of mpam_resctrl.c, over this side's kernel.</param>
    protected ModelSide(ResourceProfile profile, Func<KernelContext, IResctrlFile> makeFile)
    {
        Profile = profile;
        Kernel.Sizes = profile.Sizes;
        Hotplug = new HotplugCore(Kernel);
        File = makeFile(Kernel);
        Devices = new MpamDevices(File, Hotplug);
    }

    /// <summary>The family's mpam_resctrl.c.</summary>
    protected IResctrlFile File { get; }

    public ResourceProfile Profile { get; }
    public KernelContext Kernel { get; } = new();
    public HotplugCore Hotplug { get; }
    public MpamDevices Devices { get; }

    /// <summary>The last step's result, as it will be filled into <see cref="StateSnapshot.Step"/>.</summary>
    public int LastRc { get; private set; }
    public RcKind LastRcKind { get; private set; }

    /// <summary>mpam_ref_reset(): no topology, no classes, nothing mapped, MPAM disabled, nothing recorded.</summary>
    public void Reset()
    {
        Kernel.Reset();
        ResetFile();
        Hotplug.Reset(0);
        Devices.Reset();
        LastRc = 0;
        LastRcKind = RcKind.Status;
    }

    /// <summary>The file's own statics back to their initial values.</summary>
    protected abstract void ResetFile();

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

    /// <summary>The CPUs' cache at a level, as cacheinfo reports it.</summary>
    public int SetCacheInfo(ReadOnlySpan<ulong> cpus, int level, int id, int size)
    {
        Begin(RcKind.Status);
        return End(Devices.SetupDone ? -Errno.EBUSY : Kernel.Topology.SetCacheInfo(cpus, level, id, size));
    }

    public abstract int SetClassProps(int classId, ReadOnlySpan<ulong> features, int cpbmWd, int mbwPbmBits, int bwaWd, int numCsuMon, int numMbwuMon);

    /// <summary>mpam_resctrl_controls[rid].class = the class; resctrl_res.alloc_capable as given (the seed's map row).</summary>
    public int MapClass(int rid, int classId, bool allocCapable)
    {
        Begin(RcKind.Status);
        if (Devices.SetupDone)
            return End(-Errno.EBUSY);
        if ((uint)rid >= (uint)Profile.Count)
            return End(-Errno.EINVAL);
        if (Kernel.Topology.FindClass(classId) is not { } mpamClass)
            return End(-Errno.ENOENT);
        File.MapClass(rid, mpamClass, allocCapable);
        return End(0);
    }

    /// <summary>mpam_partid_max, a u16. A family whose components keep per-partid configurations refuses it after setup.</summary>
    public int SetPartidMax(int partidMax)
    {
        Begin(RcKind.Status);
        if ((uint)partidMax > ushort.MaxValue)
            return End(-Errno.EINVAL);
        if (KeepsConfigurations && Devices.SetupDone)
            return End(-Errno.EBUSY);                               // comp->cfg[] was sized by it at setup
        Kernel.PartidMax = partidMax;
        return End(0);
    }

    /// <summary>Whether the revision's components keep a configuration per partid (comp->cfg[]).</summary>
    protected abstract bool KeepsConfigurations { get; }

    // --- driving the file ----------------------------------------------

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
        return End(File.ArchAllocCapable() ? 1 : 0);
    }

    /// <summary>resctrl_arch_get_num_closid().</summary>
    public int NumClosid()
    {
        Begin(RcKind.Value);
        return End((int)File.ArchGetNumClosid());
    }

    /// <summary>resctrl_arch_get_resource(level): 1 for the slot's own entry, 0 for NULL.</summary>
    public int GetResource(uint level)
    {
        Begin(RcKind.Value);
        var resource = File.ArchGetResource(level);
        if (resource is null)
            return End(0);
        return End(level < (uint)Profile.Count && ReferenceEquals(resource, File.ControlAt((int)level)) ? 1 : -Errno.EFAULT);
    }
    public abstract int Mount(MountOptions options);
    public abstract int Unmount();
    public abstract int SchemataWrite(int rid, int closid, int type, ReadOnlySpan<int> domainIds, ReadOnlySpan<uint> values);
    public abstract int SchemataRead(int rid, int domainId, int closid, int type);
    public abstract int Exit();
    public abstract int TeardownClass(int classId);
    public abstract int MonCtxAlloc(int eventId);
    public abstract int MonCtxFree(int eventId);
    public abstract int RmidRead(int domainId, int closid, int rmid, int eventId);

    // --- fault injection ---------------------------------------------------

    /// <summary>Fail the nth allocation from now (1 = the next); 0 disarms.</summary>
    public int FailAlloc(int nth)
    {
        Begin(RcKind.Status);
        Kernel.Ledger.FailNth(nth);
        return End(0);
    }

    /// <summary>Make the nth call from now of a filesystem function return <paramref name="error"/>; 0 disarms.</summary>
    public int FailFs(FsCall call, int nth, int error)
    {
        Begin(RcKind.Status);
        if (!Enum.IsDefined(call))
            return End(-Errno.EINVAL);
        Kernel.Fs.Fail(call, nth, error);
        return End(0);
    }

    // --- observing ---------------------------------------------------------

    /// <summary>Writes the observable state and the last step's record into <paramref name="snapshot"/>, in place.</summary>
    public void Fill(StateSnapshot snapshot)
    {
        if (!snapshot.Profile.SameAs(Profile))
            throw new ArgumentException("the snapshot is for another resource profile", nameof(snapshot));
        Kernel.Rules.StepEnd();                                     // the step has returned: what is still held is reported
        // The same snapshot filled at the fill before holds every mask that did not change since.
        _retained = ReferenceEquals(snapshot, _lastFilled) && snapshot.FillSerial == _lastFillSerial
                    && snapshot.MaskWords == CpuMaskBits.WordsFor(Kernel.Topology.NrCpuIds);
        _slotsUsed = _retained ? snapshot.Domains.Count : 0;          // what the last fill put there
        snapshot.Begin(Kernel.Topology.NrCpuIds);
        _lastFilled = snapshot;
        _lastFillSerial = snapshot.FillSerial;
        WriteResources(snapshot);
        KernelSnapshot.Write(this, snapshot);
    }

    private StateSnapshot? _lastFilled;
    private long _lastFillSerial;
    private bool _retained;
    private int _slotsUsed;

    // Per place in the snapshot's domains: whose mask the snapshot holds there, at which version, its weight.
    private (DomainHeader? Header, long Version, int Count)[] _slots = new (DomainHeader?, long, int)[16];

    /// <summary>
    /// Appends a listed domain, its mask copied (and counted) only when it is not the one the
    /// snapshot already holds at that place, as it was: a step costs the masks it changed.
    /// </summary>
    protected void AddDomain(StateSnapshot snapshot, DomainHeader hdr, int compId, bool monitor)
    {
        int slot = snapshot.Domains.Count;
        if (slot >= _slots.Length)
            Array.Resize(ref _slots, _slots.Length * 2);
        ref var kept = ref _slots[slot];
        // Kept only where the last fill put it: that fill's comparison covered it (StateSnapshot.SameAs).
        if (_retained && slot < _slotsUsed && ReferenceEquals(kept.Header, hdr) && kept.Version == hdr.MaskVersion)
            snapshot.AddDomainKeepingMask(hdr.Id, hdr.Type, hdr.Rid, compId, monitor);
        else
        {
            var mask = monitor ? snapshot.AddMonDomain(hdr.Id, hdr.Type, hdr.Rid) : snapshot.AddDomain(hdr.Id, hdr.Type, hdr.Rid, compId);
            hdr.CpuMask[..mask.Length].CopyTo(mask);
            kept = (hdr, hdr.MaskVersion, CpuMaskBits.Count(mask));
        }
        snapshot.Domains[slot].CpuCount = kept.Count;
    }

    public IReadOnlyList<UnlistedAllocation> UnlistedAllocations()
    {
        var holders = new HashSet<long>();
        CollectHolders(holders);
        return Kernel.Ledger.LiveAllocations.Where(a => !holders.Contains(a.Token))
            .Select(a => new UnlistedAllocation(a.Token, a.Site, 0, a.Rid, a.Call)).ToList();
    }

    /// <summary>The allocations that hold a listed domain (read as the glue reads a list: up to a freed node) or a held context.</summary>
    protected abstract void CollectHolders(HashSet<long> into);

    /// <summary>Each resource in enum order with its domains (<see cref="StateSnapshot.AddResource"/>, AddDomain, AddMonDomain).</summary>
    protected abstract void WriteResources(StateSnapshot snapshot);

    protected bool IsCpu(int cpu) => (uint)cpu < (uint)Kernel.Topology.NrCpuIds;

    protected void Begin(RcKind kind)
    {
        Kernel.BeginStep();
        LastRcKind = kind;
    }

    protected int End(int rc)
    {
        LastRc = rc;
        return rc;
    }

    /// <summary>A step the revision has no function for: -EOPNOTSUPP, as the glue answers for a weak reference left NULL.</summary>
    protected int Unsupported(RcKind kind)
    {
        Begin(kind);
        return End(-Errno.EOPNOTSUPP);
    }
}
