using Conformance.Observation;

namespace Conformance.Model.Mainline;

/// <summary>
/// The mainline family's model driven like the C reference: the shared <see cref="ModelSide"/>
/// plus the platform's props, the resctrl_arch_* queries and the filesystem's actions as the
/// glue (reference-c/glue/mpam_ref.c) makes them, each under the hotplug lock as the filesystem
/// holds it.
/// </summary>
public sealed class MainlineModel : ModelSide
{
    private static readonly int[] CdpLevels = [MpamResctrl.RdtResourceL3, MpamResctrl.RdtResourceL2];

    public MainlineModel(ResourceProfile profile, MainlineStage stage)
        : base(profile, kernel => new MpamResctrl(kernel, profile, stage))
    {
        Resctrl = (MpamResctrl)File;
        Resctrl.MpamEnabled = () => Devices.MpamEnabled;
        Reset();
    }

    public MpamResctrl Resctrl { get; }

    private bool IsMainline => Resctrl.Stage == MainlineStage.Mainline;

    protected override void ResetFile()
    {
        Resctrl.Reset();
        _held.Clear();
        _mounted = false;
    }

    // device_initcall_sync(__cacheinfo_ready): mainline's; the caches/CDP stage has no initcall.
    protected override void RunInitcalls()
    {
        if (IsMainline)
            Resctrl.CacheinfoReady();
    }

    // Contexts held by mon_ctx_alloc steps, newest last, as the glue keeps them.
    private readonly List<(int Event, MonContext Context)> _held = [];
    private const int HeldContexts = 64;

    /// <summary>The filesystem only reads events the arch enabled.</summary>
    private bool EventValid(int eventId) =>
        eventId is >= QosEvent.First and < QosEvent.NumEvents && Kernel.Fs.MonEventEnabled(eventId);

    /// <summary>A context another reader holds: the monitor index in it (or the error left in it).</summary>
    public override int MonCtxAlloc(int eventId)
    {
        if (!IsMainline)
            return Unsupported(RcKind.Value);                       // stage: no monitors yet
        Begin(RcKind.Value);
        if (!EventValid(eventId) || _held.Count == HeldContexts)
            return End(-Errno.EINVAL);
        var (ctx, err) = Resctrl.ArchMonCtxAlloc(eventId);
        if (ctx is null)
            return End(err);
        _held.Add((eventId, ctx));
        return End(ctx.Value);
    }

    /// <summary>The newest held context of the event, freed.</summary>
    public override int MonCtxFree(int eventId)
    {
        if (!IsMainline)
            return Unsupported(RcKind.Status);
        Begin(RcKind.Status);
        for (int i = _held.Count - 1; i >= 0; i--)
        {
            if (_held[i].Event != eventId)
                continue;
            Resctrl.ArchMonCtxFree(eventId, _held[i].Context);
            _held.RemoveAt(i);
            return End(0);
        }
        return End(-Errno.ENOENT);
    }

    /// <summary>mon_event_read() as far as the arch goes: a context, resctrl_arch_rmid_read(), the context freed.</summary>
    public override int RmidRead(int domainId, int closid, int rmid, int eventId)
    {
        if (!IsMainline)
            return Unsupported(RcKind.Value);
        Begin(RcKind.Value);
        using var cpus = Kernel.Rules.CpusLock.Hold();
        if (!EventValid(eventId))
            return End(-Errno.EINVAL);
        MainlineDomain? found = null;
        foreach (var d in Resctrl.Controls[MpamResctrl.RdtResourceL3].MonDomains)
        {
            if (!Live(d))
                break;
            if (d.MonHdr.Id == domainId)
                found = d;
        }
        if (found is null)
            return End(-Errno.ENOENT);
        var (ctx, allocErr) = Resctrl.ArchMonCtxAlloc(eventId);
        if (ctx is null)
            return End(allocErr);
        ulong val = 0;
        int err = Resctrl.ArchRmidRead(found, (uint)closid, (uint)rmid, eventId, ctx, ref val);
        Resctrl.ArchMonCtxFree(eventId, ctx);
        return End(err != 0 ? err : (int)val);
    }

    /// <summary>One CPU of a group's cpus file written: on that CPU, the sync with the group's closid and rmid as its defaults.</summary>
    public override int CpusWrite(int cpu, int closid, int rmid)
    {
        Begin(RcKind.Status);
        using var cpus = Kernel.Rules.CpusLock.Hold();
        if (cpu >= Kernel.Topology.NrCpuIds || !Kernel.CpuOnline(cpu))
            return End(-Errno.EINVAL);                              // the filesystem takes online CPUs only
        Kernel.OnEachCpu(cpu, cpu, () => Resctrl.ArchSyncCpuClosidRmid(((uint)closid, (uint)rmid)));   // update_closid_rmid() of one CPU
        return End(0);
    }

    /// <summary>A task written to a group's tasks file.</summary>
    public override int TaskWrite(int task, int closid, int rmid)
    {
        Begin(RcKind.Status);
        using var cpus = Kernel.Rules.CpusLock.Hold();
        if ((uint)task >= RegisterObservation.TaskCount)
            return End(-Errno.EINVAL);
        Resctrl.ArchSetClosidRmid(task, (uint)closid, (uint)rmid);
        return End(0);
    }

    /// <summary>Whether a task is in the group: by closid alone, or by closid and rmid.</summary>
    public override int TaskMatch(int task, int closid, int rmid)
    {
        Begin(RcKind.Value);
        using var cpus = Kernel.Rules.CpusLock.Hold();
        if ((uint)task >= RegisterObservation.TaskCount)
            return End(-Errno.EINVAL);
        bool match = rmid < 0                                        // as the glue asks: no rmid, the closid alone
            ? Resctrl.ArchMatchClosid(task, (uint)closid)
            : Resctrl.ArchMatchRmid(task, (uint)closid, (uint)rmid);
        return End(match ? 1 : 0);
    }

    protected override bool KeepsConfigurations => true;

    /// <summary>A class's merged props, as the driver would have them from its MSCs.</summary>
    public override int SetClassProps(int classId, ReadOnlySpan<ulong> features, int cpbmWd, int mbwPbmBits, int bwaWd, int numCsuMon, int numMbwuMon)
    {
        Begin(RcKind.Status);
        if (Devices.SetupDone)
            return End(-Errno.EBUSY);
        if (Kernel.Topology.FindClass(classId) is not { } mpamClass)
            return End(-Errno.ENOENT);
        mpamClass.Props = new ClassProps(features.ToArray(), cpbmWd, mbwPbmBits, bwaWd, numCsuMon, numMbwuMon);
        return End(0);
    }

    // Whether the filesystem is mounted: it mounts once, and only what is mounted is unmounted.
    private bool _mounted;

    // The glue's glue_fs_registered(): registered by resctrl_init() (mainline, at the end of a setup
    // that succeeds) until resctrl_exit(); a revision that never calls it (the caches/CDP stage's
    // TODO) is taken to register where the later patch does, at a setup that returns 0.
    private bool FsRegistered() => Kernel.Fs.FsType switch
    {
        FsTypeState.Registered => true,
        FsTypeState.Unregistered => false,
        _ => Devices.SetupDone && Devices.SetupResult == 0,
    };

    /// <summary>
    /// Mount as rdt_enable_ctx() reaches the arch (mainline's resctrl_arch_pre_mount() first): the L2's
    /// CDP for "cdpl2", then the L3's for "cdp", no capability checked by the filesystem; a failing
    /// L3 turns the L2's off again, asked or not. A second mount is -EBUSY.
    /// </summary>
    public override int Mount(MountOptions options)
    {
        Begin(RcKind.Status);
        using var cpus = Kernel.Rules.CpusLock.Hold();
        if (!FsRegistered())
            return End(-Errno.ENODEV);                              // get_fs_type() finds no "resctrl"
        if (_mounted)
            return End(-Errno.EBUSY);
        if (IsMainline)
            Resctrl.ArchPreMount();
        int err;
        if ((options & MountOptions.CdpL2) != 0)
        {
            err = Resctrl.ArchSetCdpEnabled(MpamResctrl.RdtResourceL2, true);
            if (err != 0)
                return End(err);
        }
        if ((options & MountOptions.Cdp) != 0)
        {
            err = Resctrl.ArchSetCdpEnabled(MpamResctrl.RdtResourceL3, true);
            if (err != 0)
            {
                Resctrl.ArchSetCdpEnabled(MpamResctrl.RdtResourceL2, false);
                return End(err);
            }
        }
        _mounted = true;
        return End(0);
    }

    /// <summary>Unmount as rdt_kill_sb(): rdt_disable_ctx() (CDP off for the L3 and the L2, unasked), then every resource alloc_capable by then back to defaults.</summary>
    public override int Unmount()
    {
        Begin(RcKind.Status);
        using var cpus = Kernel.Rules.CpusLock.Hold();
        if (!_mounted)
            return End(-Errno.EINVAL);
        foreach (int level in CdpLevels)
            Resctrl.ArchSetCdpEnabled(level, false);
        for (int rid = 0; rid < Profile.Count; rid++)
        {
            var r = Resctrl.ArchGetResource((uint)rid);
            if (r is not null && r.AllocCapable)
                Resctrl.ArchResetAllCtrls(r);
        }
        _mounted = false;
        return End(0);
    }

    /// <summary>A schemata line: staging cleared, each domain's value staged, resctrl_arch_update_domains(), staging cleared.</summary>
    public override int SchemataWrite(int rid, int closid, int type, ReadOnlySpan<int> domainIds, ReadOnlySpan<uint> values)
    {
        Begin(RcKind.Status);
        using var cpus = Kernel.Rules.CpusLock.Hold();
        if ((uint)rid >= (uint)Profile.Count || type is < ConfType.None or > ConfType.Data)
            return End(-Errno.EINVAL);
        var r = Resctrl.Controls[rid];
        foreach (int id in domainIds)
            if (ListedCtrlDomain(r, id) is null)
                return End(-Errno.ENOENT);
        ClearStaged(r);
        for (int i = 0; i < domainIds.Length; i++)
        {
            ref var staged = ref ListedCtrlDomain(r, domainIds[i])!.Staged[type];
            staged.NewCtrl = values[i];
            staged.HaveNewCtrl = true;
        }
        int err = Resctrl.ArchUpdateDomains(r, (uint)closid);
        ClearStaged(r);
        return End(err);
    }

    /// <summary>resctrl_arch_get_config() of one listed domain: the value.</summary>
    public override int SchemataRead(int rid, int domainId, int closid, int type)
    {
        Begin(RcKind.Value);
        using var cpus = Kernel.Rules.CpusLock.Hold();
        if ((uint)rid >= (uint)Profile.Count || type is < ConfType.None or > ConfType.Data)
            return End(-Errno.EINVAL);
        var r = Resctrl.Controls[rid];
        if (ListedCtrlDomain(r, domainId) is not { } d)
            return End(-Errno.ENOENT);
        return End((int)Resctrl.ArchGetConfig(r, d, (uint)closid, type));
    }

    /// <summary>The glue's call of resctrl_arch_rmid_idx_encode(), which takes no lock.</summary>
    public override int RmidIdxEncode(int closid, int rmid)
    {
        if (!IsMainline)
            return Unsupported(RcKind.Value);                       // stage: no monitors yet
        Begin(RcKind.Value);
        return End(unchecked((int)Resctrl.ArchRmidIdxEncode((uint)closid, (uint)rmid)));
    }

    /// <summary>resctrl_arch_rmid_idx_decode(), the half asked for.</summary>
    public override int RmidIdxDecode(int idx, bool wantRmid)
    {
        if (!IsMainline)
            return Unsupported(RcKind.Value);
        Begin(RcKind.Value);
        Resctrl.ArchRmidIdxDecode((uint)idx, out uint closid, out uint rmid);
        return End(unchecked((int)(wantRmid ? rmid : closid)));
    }

    public override int Exit()
    {
        if (!IsMainline)
            return Unsupported(RcKind.Status);                      // stage: no mpam_resctrl_exit() yet
        Begin(RcKind.Status);
        Resctrl.Exit();
        return End(0);
    }

    public override int TeardownClass(int classId)
    {
        if (!IsMainline)
            return Unsupported(RcKind.Status);                      // stage: no mpam_resctrl_teardown_class() yet
        Begin(RcKind.Status);
        if (Kernel.Topology.FindClass(classId) is not { } mpamClass)
            return End(-Errno.ENOENT);
        Resctrl.TeardownClass(mpamClass);
        return End(0);
    }

    // The glue's own walks stop, silently, at a domain in freed memory (its next pointer is poison).
    private bool Live(MainlineDomain d) => Kernel.Ledger.IsLive(d.Allocation);

    /// <summary>The listed control domain with that id, as the glue finds it (a plain list walk).</summary>
    private MainlineDomain? ListedCtrlDomain(MainlineResource r, int id)
    {
        foreach (var d in r.CtrlDomains)
        {
            if (!Live(d))
                break;
            if (d.CtrlHdr.Id == id)
                return d;
        }
        return null;
    }

    /// <summary>rdt_staged_configs_clear() for one resource.</summary>
    private void ClearStaged(MainlineResource r)
    {
        foreach (var d in r.CtrlDomains)
        {
            if (!Live(d))
                break;
            Array.Clear(d.Staged);
        }
    }

    // What the configurations were read from at the last fill.
    private (ulong ConfigWrites, ulong ListWrites, ulong Frees, int PartidMax) _configsVersion;

    /// <summary>Each resource with its control and monitor domains, the way mpam_ref_snapshot() walks them.</summary>
    protected override void WriteResources(StateSnapshot snapshot)
    {
        snapshot.Lifecycle.ContextsHeld = (uint)_held.Count;
        foreach (var res in Resctrl.ControlsSpan)
        {
            ref var resource = ref snapshot.AddResource();
            resource.ClassMapped = res.Class is not null;
            resource.AllocCapable = res.AllocCapable;
            resource.CdpEnabled = res.CdpEnabled;
            resource.MonCapable = res.MonCapable;
            resource.ClassId = res.Class?.Id ?? -1;
            resource.DefaultCtrl = res.DefaultCtrl;
            resource.MinBw = res.MinBw;
            resource.BwGran = res.BwGran;
            resource.ToldName = res.Name ?? "";
            resource.CtrlScope = res.CtrlScope;
            resource.MonScope = res.MonScope;
            resource.CdpCapable = res.CdpCapable;
            resource.SparseMasks = res.SparseMasks;
            resource.DelayLinear = res.DelayLinear;
            resource.MinCbmBits = res.MinCbmBits;
            resource.ShareableBits = res.ShareableBits;
            resource.NumRmid = res.NumRmid;
            if (!WalkLists)
                continue;
            foreach (var dom in res.CtrlDomains)
            {
                if (!Live(dom))
                {
                    snapshot.Lifecycle.FreedListed++;               // read up to the first freed node
                    break;
                }
                AddDomain(snapshot, dom.CtrlHdr, dom.CtrlComp?.Id ?? -1, monitor: false);
            }
            foreach (var dom in res.MonDomains)
            {
                if (!Live(dom))
                {
                    snapshot.Lifecycle.FreedListed++;
                    break;
                }
                AddDomain(snapshot, dom.MonHdr, -1, monitor: true);
            }
        }
        WriteConfigs(snapshot);
    }

    /// <summary>Every configured partid of every listed control domain, as mpam_ref_configs() reads them.</summary>
    /// <remarks>
    /// Read again only when something they are read from moved, as the glue decides with its
    /// configurations' version: a step that wrote no configuration, list or free keeps them.
    /// </remarks>
    private void WriteConfigs(StateSnapshot snapshot)
    {
        // With nothing configured no list can show a configuration: list writes and frees do not count.
        bool any = Resctrl.ConfiguredEntries != 0;
        var version = (Resctrl.ConfigWrites, any ? Kernel.ListWrites : 0, any ? Kernel.Ledger.FreesTotal : 0, Kernel.PartidMax);
        bool kept = SnapshotRetained && version == _configsVersion;
        _configsVersion = version;
        if (kept)
        {
            snapshot.KeepConfigs();
            return;
        }
        foreach (var res in Resctrl.ControlsSpan)
            foreach (var dom in res.CtrlDomains)
            {
                if (!Live(dom))
                    break;
                if (dom.CtrlComp?.Cfg is not { } cfg)
                    continue;
                for (int partid = 0; partid < cfg.Length; partid++)
                    if (cfg[partid].Features != 0)
                        snapshot.Configs.Add(new ConfigObservation
                        {
                            Rid = res.Slot, DomainId = dom.CtrlHdr.Id, Partid = (uint)partid, Cpbm = cfg[partid].Cpbm,
                            MbwPbm = cfg[partid].MbwPbm, MbwMax = cfg[partid].MbwMax, Features = cfg[partid].Features,
                        });
            }
    }

    protected override EditedRow? RowOf(ListEdit edit)
    {
        if (edit.Domain is not MainlineDomain dom)
            return null;
        var controls = Resctrl.ControlsSpan;
        for (int r = 0; r < controls.Length; r++)
        {
            var res = controls[r];
            if (ReferenceEquals(res.CtrlDomains, edit.List))
                return new EditedRow(r, Monitor: false, dom.CtrlHdr, dom.CtrlComp?.Id ?? -1);
            if (ReferenceEquals(res.MonDomains, edit.List))
                return new EditedRow(r, Monitor: true, dom.MonHdr, -1);
        }
        return null;
    }

    protected override bool AnyListedFreed()
    {
        foreach (var res in Resctrl.ControlsSpan)
        {
            foreach (var dom in res.CtrlDomains)
                if (!Live(dom))
                    return true;
            foreach (var dom in res.MonDomains)
                if (!Live(dom))
                    return true;
        }
        return false;
    }

    protected override void CollectHolders(HashSet<long> into)
    {
        foreach (var res in Resctrl.Controls)
        {
            foreach (var dom in res.CtrlDomains.TakeWhile(Live))
                into.Add(dom.Allocation);
            foreach (var dom in res.MonDomains.TakeWhile(Live))
                into.Add(dom.Allocation);
        }
        foreach (var (_, context) in _held)
            into.Add(context.Allocation);
    }
}
