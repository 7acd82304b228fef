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

    /// <summary>Nothing is pending between steps: the model's on_each_cpu() always waits, as every call of the revisions it renders does.</summary>
    public void BeginStep()
    {
    }

    /// <summary>mpam_ref_reset(): no topology, no classes, nothing mapped, MPAM disabled, nothing recorded.</summary>
    public void Reset()
    {
        _lastFill.Forget();                                         // the lists start again: the next fill walks them
        Kernel.Reset();
        ResetFile();
        Hotplug.Reset(0);
        Devices.Reset();
        RunInitcalls();                                             // each scenario boots afresh: what they set stays set
        LastRc = 0;
        LastRcKind = RcKind.Status;
    }

    /// <summary>The file's own statics back to their initial values.</summary>
    protected abstract void ResetFile();

    /// <summary>The file's initcalls, as the glue runs them at every reset: after the statics are restored. None by default.</summary>
    protected virtual void RunInitcalls() { }

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

    /// <summary>mpam_pmg_max, a u8: fixed by the driver core when it probed the MSCs, so refused after setup.</summary>
    public int SetPmgMax(int pmgMax)
    {
        Begin(RcKind.Status);
        if ((uint)pmgMax > byte.MaxValue)
            return End(-Errno.EINVAL);
        if (Devices.SetupDone)
            return End(-Errno.EBUSY);
        Kernel.PmgMax = pmgMax;
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
    public abstract int CpusWrite(int cpu, int closid, int rmid);
    public abstract int TaskWrite(int task, int closid, int rmid);
    public abstract int TaskMatch(int task, int closid, int rmid);

    /// <summary>The filesystem's rmid index: -EOPNOTSUPP unless the revision defines the encoding.</summary>
    public virtual int RmidIdxEncode(int closid, int rmid) => Unsupported(RcKind.Value);
    public virtual int RmidIdxDecode(int idx, bool wantRmid) => Unsupported(RcKind.Value);

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
    /// <remarks>
    /// A step costs what it changed, as the C side's snapshots do: when the snapshot is the one
    /// this side filled last and no domain list changed and nothing was allocated or freed since,
    /// no list is walked and only the masks that changed are rewritten. Otherwise the lists are
    /// walked, and a mask that did not change stays at its home in the snapshot.
    /// </remarks>
    public void Fill(StateSnapshot snapshot)
    {
        if (!snapshot.Profile.SameAs(Profile))
            throw new ArgumentException("the snapshot is for another resource profile", nameof(snapshot));
        Kernel.StepEnd();                                           // the step has returned: what is still held or queued is reported
        int nrCpuIds = Kernel.Topology.NrCpuIds;
        bool retained = _lastFill.Holds(snapshot) && snapshot.MaskWords == CpuMaskBits.WordsFor(nrCpuIds);
        bool asWalked = retained && Kernel.ListWrites == _walked.ListWrites && Kernel.Ledger.AllocsTotal == _walked.Allocs
                        && Kernel.Ledger.FreesTotal == _walked.Frees;
        bool followEdits = retained && !asWalked && CanFollowEdits();
        WalkLists = !asWalked && !followEdits;
        SnapshotRetained = retained;
        if (WalkLists)
            snapshot.Begin(nrCpuIds);
        else
            snapshot.BeginKeepingDomains(nrCpuIds);
        _lastFill.Filled(snapshot);
        if (!retained)
            ForgetHomes();
        if (WalkLists)
            _walkSerial++;
        else
            snapshot.Lifecycle.FreedListed = _walked.FreedListed;
        WriteResources(snapshot);
        if (WalkLists)
            GiveHomes(snapshot);
        else if (followEdits)
            FollowEdits(snapshot);
        if (!asWalked)
            _walked = (Kernel.ListWrites, Kernel.Ledger.AllocsTotal, Kernel.Ledger.FreesTotal, snapshot.Lifecycle.FreedListed);
        if (!WalkLists)
            RewriteWrittenMasks(snapshot);
        LetGoOfStepLogs();
        KernelSnapshot.Write(this, snapshot);
    }

    /// <summary>
    /// The end of a step nobody observes: what <see cref="Fill"/> does for the step itself (what
    /// is still held reported, the step's list edits and mask writes let go), no snapshot written.
    /// The bench's measure of what the model's steps cost without their observation; the next
    /// fill walks the lists, no snapshot having seen the steps in between.
    /// </summary>
    public void EndStepUnobserved()
    {
        Kernel.StepEnd();
        LetGoOfStepLogs();
        _lastFill.Forget();
    }

    // The logs a fill follows to rewrite only what changed, read: the next step's start empty.
    private void LetGoOfStepLogs()
    {
        Kernel.ListEdits.Clear();
        Kernel.MaskWrites.Clear();
    }

    /// <summary>Whether this fill walks the domain lists (AddDomain for each listed domain), or keeps the domains the snapshot holds.</summary>
    protected bool WalkLists { get; private set; }

    /// <summary>Whether the snapshot being filled holds what this side's last fill put there (it may keep some of it).</summary>
    protected internal bool SnapshotRetained { get; private set; }

    private LastFill _lastFill;
    // What the last walk saw: the lists' write count, the ledger's totals, listed domains in freed memory.
    private (ulong ListWrites, ulong Allocs, ulong Frees, uint FreedListed) _walked;
    private long _walkSerial;

    // Homes: a place among the snapshot's masks per listed header, kept while it stays listed.
    private long _homesEpoch;
    private DomainHeader?[] _homeOwner = new DomainHeader?[16];
    private int _homeCount;
    private readonly Stack<int> _freeHomes = new();
    private readonly List<(int Slot, DomainHeader Header)> _homeless = [];

    /// <summary>
    /// Appends a listed domain. Its mask is copied (and counted) only when it changed since it was
    /// written at its home; a header listed anew gets a home once the walk is over.
    /// </summary>
    protected void AddDomain(StateSnapshot snapshot, DomainHeader hdr, int compId, bool monitor)
    {
        int slot = snapshot.Domains.Count;
        SetSlotHeader(slot, hdr);
        ref var place = ref hdr.Observed;
        if (!OwnsHome(hdr))
        {
            snapshot.AddDomainAt(-1, hdr.Id, hdr.Type, hdr.Rid, compId, monitor, wasSlot: -1);
            _homeless.Add((slot, hdr));
        }
        else if (place.Version != hdr.MaskVersion)
        {
            Write(snapshot.AddDomainAt(place.Home, hdr.Id, hdr.Type, hdr.Rid, compId, monitor, wasSlot: -1), ref place, hdr);
        }
        else
            snapshot.AddDomainAt(place.Home, hdr.Id, hdr.Type, hdr.Rid, compId, monitor, wasSlot: place.Slot);
        place.Slot = slot;
        place.SeenAtWalk = _walkSerial;
        snapshot.Domains[slot].CpuCount = place.Count;
    }

    private bool OwnsHome(DomainHeader hdr) =>
        hdr.Observed.Epoch == _homesEpoch && (uint)hdr.Observed.Home < (uint)_homeCount && ReferenceEquals(_homeOwner[hdr.Observed.Home], hdr);

    // The header's mask copied to its home (or its words from `from` on to those of the home given),
    // and the version and weight written there remembered.
    private static void Write(Span<ulong> home, ref ObservedPlace place, DomainHeader hdr, int from = 0)
    {
        hdr.CpuMask.Slice(from, home.Length).CopyTo(home);
        place.Version = hdr.MaskVersion;
        place.Count = hdr.CpuCount;
    }

    // The snapshot holds none of this side's masks: every header is placed anew.
    private void ForgetHomes()
    {
        _homesEpoch++;
        Array.Clear(_homeOwner, 0, _homeCount);
        _homeCount = 0;
        _freeHomes.Clear();
    }

    // After a walk: the homes of headers no longer listed are free, and the headers listed anew take them.
    private void GiveHomes(StateSnapshot snapshot)
    {
        for (int home = 0; home < _homeCount; home++)
            if (_homeOwner[home] is { } owner && owner.Observed.SeenAtWalk != _walkSerial)
            {
                _homeOwner[home] = null;
                _freeHomes.Push(home);
            }
        foreach (var (slot, hdr) in _homeless)
        {
            ref var place = ref hdr.Observed;
            Write(snapshot.PlaceMask(slot, GiveHome(hdr)), ref place, hdr);
            snapshot.Domains[slot].CpuCount = place.Count;
        }
        _homeless.Clear();
    }

    // A free home (or a new one) for a header listed anew.
    private int GiveHome(DomainHeader hdr)
    {
        int home = _freeHomes.Count > 0 ? _freeHomes.Pop() : _homeCount++;
        if (home >= _homeOwner.Length)
            Array.Resize(ref _homeOwner, _homeOwner.Length * 2);
        _homeOwner[home] = hdr;
        hdr.Observed.Epoch = _homesEpoch;
        hdr.Observed.Home = home;
        return home;
    }

    // --- following links and unlinks -------------------------------------

    /// <summary>Where an edited list is among the snapshot's, and the row of the edited domain (its compId read now, as a walk reads it).</summary>
    protected readonly record struct EditedRow(int Resource, bool Monitor, DomainHeader Header, int CompId);

    /// <summary>The row of the domain an edit linked or unlinked; null when the list is none the snapshot shows (the fill then walks).</summary>
    protected abstract EditedRow? RowOf(ListEdit edit);

    /// <summary>Whether some listed domain is in freed memory: a walk would stop there, and only a walk says where.</summary>
    protected abstract bool AnyListedFreed();

    private readonly List<EditedRow> _editedRows = [];
    // The header at each slot of the snapshot this side filled last.
    private DomainHeader?[] _slotHeaders = new DomainHeader?[16];

    // The lists changed only by the links and unlinks recorded since the last fill, that fill saw
    // every listed domain (none in freed memory) and none has been freed since: the snapshot
    // follows them. Anything else (a list made empty, a node not on its list) walks.
    private bool CanFollowEdits()
    {
        var edits = Kernel.ListEdits;
        _editedRows.Clear();
        // More edits than ListEdits keeps leave ListWrites ahead of them: that walks too.
        if (_walked.FreedListed != 0 || Kernel.ListWrites - _walked.ListWrites != (ulong)edits.Count
            || (Kernel.Ledger.FreesTotal != _walked.Frees && AnyListedFreed()))
            return false;
        foreach (var edit in edits)
        {
            if (RowOf(edit) is not { } row)
                return false;
            _editedRows.Add(row);
        }
        return true;
    }

    // Each link inserts its domain's row at its place (a home given, the mask written); each unlink
    // removes the row and frees its home. The rows after an edit moved: their headers learn where.
    private void FollowEdits(StateSnapshot snapshot)
    {
        int lowest = snapshot.Domains.Count;
        for (int e = 0; e < _editedRows.Count; e++)
        {
            var (resource, monitor, hdr, compId) = _editedRows[e];
            int index = Kernel.ListEdits[e].Index;
            int slot = snapshot.ListSlot(resource, monitor, index);
            lowest = Math.Min(lowest, slot);
            ref var place = ref hdr.Observed;
            if (Kernel.ListEdits[e].Inserted)
            {
                Write(snapshot.InsertDomain(resource, monitor, index, GiveHome(hdr), hdr.Id, hdr.Type, hdr.Rid, compId), ref place, hdr);
                snapshot.Domains[slot].CpuCount = place.Count;
                InsertSlotHeader(slot, snapshot.Domains.Count, hdr);
                place.SeenAtWalk = _walkSerial;
            }
            else
            {
                if (!ReferenceEquals(_slotHeaders[slot], hdr))
                    throw new InvalidOperationException($"an unlink at {index} of a list of resource {resource} is not where the snapshot holds that domain");
                snapshot.RemoveDomain(resource, monitor, index);
                RemoveSlotHeader(slot, snapshot.Domains.Count);
                if (OwnsHome(hdr))
                {
                    _homeOwner[place.Home] = null;
                    _freeHomes.Push(place.Home);
                }
                place.SeenAtWalk = -1;                              // listed no more
            }
        }
        for (int slot = lowest; slot < snapshot.Domains.Count; slot++)
            _slotHeaders[slot]!.Observed.Slot = slot;
    }

    private void SetSlotHeader(int slot, DomainHeader hdr)
    {
        if (slot >= _slotHeaders.Length)
            Array.Resize(ref _slotHeaders, Math.Max(slot + 1, _slotHeaders.Length * 2));
        _slotHeaders[slot] = hdr;
    }

    // count: the rows after the insert.
    private void InsertSlotHeader(int slot, int count, DomainHeader hdr)
    {
        if (count > _slotHeaders.Length)
            Array.Resize(ref _slotHeaders, Math.Max(count, _slotHeaders.Length * 2));
        Array.Copy(_slotHeaders, slot, _slotHeaders, slot + 1, count - 1 - slot);
        _slotHeaders[slot] = hdr;
    }

    // count: the rows after the removal.
    private void RemoveSlotHeader(int slot, int count)
    {
        Array.Copy(_slotHeaders, slot + 1, _slotHeaders, slot, count - slot);
        _slotHeaders[count] = null;
    }

    // The lists are as the last walk found them: rewrite the listed masks that changed since.
    private void RewriteWrittenMasks(StateSnapshot snapshot)
    {
        foreach (var hdr in Kernel.MaskWrites.Headers)
        {
            ref var place = ref hdr.Observed;
            if (!OwnsHome(hdr) || place.SeenAtWalk != _walkSerial || place.Version == hdr.MaskVersion)
                continue;                                           // not listed, or already written at its home
            // The home holds the mask as it was before this step's changes: only their words are written.
            var (from, end) = place.Version == hdr.VersionBeforeChanges ? hdr.ChangedWords : (0, snapshot.MaskWords);
            Write(snapshot.RewriteMaskWords(place.Slot, from, end), ref place, hdr, from);
            snapshot.Domains[place.Slot].CpuCount = place.Count;
        }
    }

    public IReadOnlyList<UnlistedAllocation> UnlistedAllocations(long after = 0)
    {
        var holders = Holders();
        return Kernel.Ledger.LiveAfter(after).Where(a => !holders.Contains(a.Token)).Select(AsSeen).ToList();
    }

    public IReadOnlyList<long> FreedAfter(long after) => Kernel.Ledger.FreedAfter(after);

    public IReadOnlyList<UnlistedAllocation> HeldAllocations() =>
        Holders().Order().Select(token => Kernel.Ledger.LiveOf(token)).OfType<LiveAllocation>().Select(AsSeen).ToList();

    private HashSet<long> Holders()
    {
        var holders = new HashSet<long>();
        CollectHolders(holders);
        return holders;
    }

    // The model knows what an allocation was for (resource, call), not the patch's line.
    private static UnlistedAllocation AsSeen(LiveAllocation a) => new(a.Token, a.Site, 0, a.Rid, a.Call);

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
