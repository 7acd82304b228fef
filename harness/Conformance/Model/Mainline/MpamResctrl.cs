using Conformance.Observation;

namespace Conformance.Model.Mainline;

/// <summary>
/// The merged drivers/resctrl/mpam_resctrl.c (and, by <see cref="MainlineStage"/>, the stage that
/// added caches and CDP), one C# method per C function, branch for branch, in the file's order
/// across the partial files: this one has the statics, the resctrl_arch_* queries, CDP, setup,
/// exit and teardown. Lines marked "stage:" are what the caches/CDP stage does not have yet.
/// </summary>
public sealed partial class MpamResctrl : IResctrlFile
{
    // enum resctrl_res_level
    internal const int RdtResourceL3 = 0, RdtResourceL2 = 1, RdtResourceMba = 2;
    /// <summary>enum resctrl_scope.</summary>
    internal const int ResctrlL2Cache = 2, ResctrlL3Cache = 3;

    private readonly KernelContext _k;
    private readonly MainlineResource[] _controls;                  // mpam_resctrl_controls[RDT_NUM_RESOURCES]
    private readonly MainlineMon[] _counters;                       // mpam_resctrl_counters[MPAM_MAX_EVENT + 1]
    private readonly int _featCporPart, _featMbwMax, _featMsmonCsu; // bits of the revision's enum mpam_device_features
    private bool _cdpEnabled;                                       // static bool cdp_enabled
    private bool _resctrlEnabled;                                   // static bool resctrl_enabled
    /// <summary>static bool cacheinfo_ready (mainline): set by the boot's __cacheinfo_ready().</summary>
    internal bool CacheinfoIsReady { get; private set; }

    // The WARN_ON_ONCE() sites of the file, by function and condition text as the source spells them.
    internal readonly WarnOnceSite GetMbaMinNoMbwMax = new("get_mba_min", "1");
    internal readonly WarnOnceSite TopologyNoOnlineCpu = new("topology_matches_l3", "cpu >= nr_cpu_ids");
    internal readonly WarnOnceSite PickDomainIdNoL3 = new("mpam_resctrl_pick_domain_id", "id == -1");
    internal readonly WarnOnceSite DomainInsertFound = new("mpam_resctrl_domain_insert", "err");
    internal readonly WarnOnceSite AllocDomainNoComponent = new("mpam_resctrl_alloc_domain", "!ctrl_comp");
    internal readonly WarnOnceSite OfflineCpuNoDomain = new("mpam_resctrl_offline_cpu", "!dom");

    public MpamResctrl(KernelContext kernel, ResourceProfile profile, MainlineStage stage)
    {
        _k = kernel;
        Stage = stage;
        _controls = new MainlineResource[profile.Count];
        for (int rid = 0; rid < _controls.Length; rid++)
            _controls[rid] = new MainlineResource(rid);
        _counters = new MainlineMon[QosEvent.MpamMax + 1];
        for (int e = 0; e < _counters.Length; e++)
            _counters[e] = new MainlineMon();
        _featCporPart = Feature(profile, "cpor_part");
        _featMbwMax = Feature(profile, "mbw_max");
        _featMsmonCsu = Feature(profile, "msmon_csu");
    }

    /// <summary>The bit of mpam_feat_NAME in the revision's enum, -1 when it has none (never set).</summary>
    private static int Feature(ResourceProfile profile, string name)
    {
        for (int i = 0; i < profile.Features.Count; i++)
            if (profile.Features[i] == name)
                return i;
        return -1;
    }

    public MainlineStage Stage { get; }
    private bool IsMainline => Stage == MainlineStage.Mainline;

    public IReadOnlyList<MainlineResource> Controls => _controls;

    /// <summary>The same, for loops that must not allocate an enumerator.</summary>
    internal ReadOnlySpan<MainlineResource> ControlsSpan => _controls;

    /// <summary>The file's statics as at boot.</summary>
    internal void Reset()
    {
        foreach (var res in _controls)
            res.Reset();
        foreach (var mon in _counters)
            mon.Class = null;
        _cdpEnabled = false;
        _resctrlEnabled = false;
        CacheinfoIsReady = false;
        ConfiguredEntries = 0;                                      // the components and their comp->cfg[] are gone
    }

    /// <summary>mpam_enable() allocates each component's comp->cfg[] before resctrl's setup: unconfigured, partid_max + 1 entries.</summary>
    public void BeforeSetup()
    {
        foreach (var mpamClass in _k.Topology.Classes)
            foreach (var comp in mpamClass.Components)
                comp.Cfg ??= new MpamConfig[_k.PartidMax + 1];
        ConfigWrites++;
    }

    private bool MpamIsEnabled => MpamEnabled();

    /// <summary>mpam_is_enabled(), answered by mpam_devices.c's static key (set by the side).</summary>
    internal Func<bool> MpamEnabled { get; set; } = () => false;

    [CFunction("resctrl_arch_alloc_capable")]
    public bool ArchAllocCapable()
    {
        foreach (var res in _controls)
            if (res.AllocCapable)
                return true;
        return false;
    }

    /// <summary>resctrl_arch_mon_capable(): the L3's mon_capable, since every monitor is shown on the L3.</summary>
    [CFunction("resctrl_arch_mon_capable", LastRevisionOnly = true)]
    public bool ArchMonCapable() => _controls[RdtResourceL3].MonCapable;

    [CFunction("resctrl_arch_get_cdp_enabled")]
    public bool ArchGetCdpEnabled(int rid) => _controls[rid].CdpEnabled;

    /// <summary>
    /// resctrl_reset_task_closids(): every task back to the reserved closid and rmid under
    /// tasklist_lock (a sleeping lock in an RCU reader would be reported).
    /// </summary>
    [CFunction("resctrl_reset_task_closids")]
    private void ResetTaskClosids()
    {
        _k.Rules.CheckMaySleep("resctrl_reset_task_closids");       // read_lock(&tasklist_lock)
        for (int t = 0; t < _k.Registers.TaskCount; t++)            // for_each_process_thread()
            ArchSetClosidRmid(t, ReservedClosid, ReservedRmid);
    }                                                               // read_unlock(&tasklist_lock)

    private const uint ReservedClosid = 0, ReservedRmid = 0;        // RESCTRL_RESERVED_CLOSID, _RMID

    // The WARN sites of the task and CPU plumbing: a closid or rmid too large for the register's fields.
    internal readonly WarnOnceSite SetClosidTooLarge = new("resctrl_arch_set_closid_rmid", "closid > U16_MAX");
    internal readonly WarnOnceSite SetRmidTooLarge = new("resctrl_arch_set_closid_rmid", "rmid > U8_MAX");
    internal readonly WarnOnceSite CpuDefaultClosidTooLarge = new("resctrl_arch_set_cpu_default_closid_rmid", "closid > U16_MAX");
    internal readonly WarnOnceSite CpuDefaultRmidTooLarge = new("resctrl_arch_set_cpu_default_closid_rmid", "rmid > U8_MAX");

    /// <summary>resctrl_arch_sched_in(): the task's MPAM register on switch-in, on the CPU this runs on.</summary>
    [CFunction("resctrl_arch_sched_in")]
    private void ArchSchedIn()
    {
        _k.Rules.AssertPreemptionDisabled("resctrl_arch_sched_in");

        _k.Registers.ThreadSwitch(Arm64Registers.Current, _k.ThisCpu, MpamIsEnabled);   // mpam_thread_switch(tsk): tsk is current
    }

    /// <summary>resctrl_arch_set_cpu_default_closid_rmid(): the CPU's default partids (halved range with CDP) and pmg.</summary>
    [CFunction("resctrl_arch_set_cpu_default_closid_rmid")]
    public void ArchSetCpuDefaultClosidRmid(int cpu, uint closid, uint rmid)
    {
        _k.Warns.WarnOnOnce(CpuDefaultClosidTooLarge, closid > ushort.MaxValue);
        _k.Warns.WarnOnOnce(CpuDefaultRmidTooLarge, rmid > byte.MaxValue);

        if (!_cdpEnabled)
        {
            _k.Registers.SetCpuDefaults(cpu, (ushort)closid, (ushort)closid, (byte)rmid, (byte)rmid);
        }
        else
        {
            // CDP halves the closid range: one closid is an even (data) and odd (code) partid pair.
            uint partidD = ConfigIndex(closid, ConfType.Data);
            uint partidI = ConfigIndex(closid, ConfType.Code);
            _k.Registers.SetCpuDefaults(cpu, (ushort)partidD, (ushort)partidI, (byte)rmid, (byte)rmid);
        }
    }

    /// <summary>resctrl_arch_sync_cpu_closid_rmid(info) on the CPU it runs on: the defaults given, if any, then the switch-in of the running task.</summary>
    [CFunction("resctrl_arch_sync_cpu_closid_rmid")]
    public void ArchSyncCpuClosidRmid((uint Closid, uint Rmid)? defaults)
    {
        _k.Rules.AssertPreemptionDisabled("resctrl_arch_sync_cpu_closid_rmid");

        if (defaults is var (closid, rmid))
            ArchSetCpuDefaultClosidRmid(_k.ThisCpu, closid, rmid);

        ArchSchedIn();
    }

    /// <summary>resctrl_arch_set_closid_rmid(): the task's partids (halved range with CDP) and pmg.</summary>
    [CFunction("resctrl_arch_set_closid_rmid")]
    public void ArchSetClosidRmid(int task, uint closid, uint rmid)
    {
        _k.Warns.WarnOnOnce(SetClosidTooLarge, closid > ushort.MaxValue);
        _k.Warns.WarnOnOnce(SetRmidTooLarge, rmid > byte.MaxValue);

        if (!_cdpEnabled)
        {
            _k.Registers.SetTaskPartidPmg(task, (ushort)closid, (ushort)closid, (byte)rmid, (byte)rmid);
        }
        else
        {
            uint partidD = ConfigIndex(closid, ConfType.Data);
            uint partidI = ConfigIndex(closid, ConfType.Code);
            _k.Registers.SetTaskPartidPmg(task, (ushort)partidD, (ushort)partidI, (byte)rmid, (byte)rmid);
        }
    }

    /// <summary>resctrl_arch_match_closid(): the task's data partid, halved with CDP, is the closid.</summary>
    [CFunction("resctrl_arch_match_closid")]
    public bool ArchMatchClosid(int task, uint closid)
    {
        ulong regval = _k.Registers.TaskValue(task);
        uint tskClosid = RegisterText.PartidD(regval);

        if (_cdpEnabled)
            tskClosid >>= 1;

        return tskClosid == closid;
    }

    /// <summary>resctrl_arch_match_rmid(): the closid as above, and the data pmg is the rmid (a pmg alone is not unique).</summary>
    [CFunction("resctrl_arch_match_rmid")]
    public bool ArchMatchRmid(int task, uint closid, uint rmid)
    {
        ulong regval = _k.Registers.TaskValue(task);
        uint tskClosid = RegisterText.PartidD(regval);
        uint tskRmid = RegisterText.PmgD(regval);

        if (_cdpEnabled)
            tskClosid >>= 1;

        return tskClosid == closid && tskRmid == rmid;
    }

    /// <summary>on_each_cpu(resctrl_arch_sync_cpu_closid_rmid, NULL, 1): each online CPU in turn; the caller's CPU after.</summary>
    private void OnEachCpuSync() => _k.OnEachCpu(0, _k.Topology.NrCpuIds - 1, () => ArchSyncCpuClosidRmid(null));

    /// <summary>
    /// resctrl_arch_set_cdp_enabled(). The reference is built with CONFIG_EXPERT, so enabling is
    /// allowed.
    /// </summary>
    [CFunction("resctrl_arch_set_cdp_enabled")]
    public int ArchSetCdpEnabled(int rid, bool enable)
    {
        uint partidI = ReservedClosid, partidD = ReservedClosid;
        const bool ConfigExpert = true;
        if (!ConfigExpert && enable)
            return -Errno.EOPNOTSUPP;                               // refused without CONFIG_EXPERT

        // (turning CDP off happens at unmount and on a failed mount)
        _cdpEnabled = enable;
        _controls[rid].CdpEnabled = enable;

        var l3 = _controls[RdtResourceL3];
        if (IsMainline)                                             // stage: the monitors' rmid space came with mainline
            l3.NumRmid = enable ? ArchSystemNumRmidIdx() / 2 : ArchSystemNumRmidIdx();

        // MBW_MAX limits one partid: it cannot be spread over a code/data pair, so MBA stops allocating.
        var mba = _controls[RdtResourceMba];
        if (_cdpEnabled && !mba.CdpEnabled)
            mba.AllocCapable = false;

        if (mba.CdpEnabled && mba.Class is not null)
            mba.AllocCapable = true;

        if (enable)
        {
            if (_k.PartidMax < 1)
                return -Errno.EINVAL;

            partidD = ConfigIndex(ReservedClosid, ConfType.Data);
            partidI = ConfigIndex(ReservedClosid, ConfType.Code);
        }

        _k.Registers.SetTaskPartidPmg(Arm64Registers.Current, (ushort)partidD, (ushort)partidI, 0, 0);
        _k.Registers.GlobalDefault = _k.Registers.TaskValue(Arm64Registers.Current);   // WRITE_ONCE(arm64_mpam_global_default, mpam_get_regval(current))

        ResetTaskClosids();

        for (int cpu = 0; cpu < _k.Topology.NrCpuIds; cpu++)                      // for_each_possible_cpu()
            _k.Registers.SetCpuDefaults(cpu, (ushort)partidD, (ushort)partidI, 0, 0);
        OnEachCpuSync();
        return 0;
    }

    /// <summary>mpam_resctrl_hide_cdp(): CDP is on, but not for this resource, whose controls are cloned across both partids.</summary>
    [CFunction("mpam_resctrl_hide_cdp")]
    private bool HideCdp(int rid) => _cdpEnabled && !ArchGetCdpEnabled(rid);

    /// <summary>resctrl_arch_get_num_closid(): only the system-wide safe PARTID range is usable.</summary>
    [CFunction("resctrl_arch_get_num_closid")]
    public uint ArchGetNumClosid() => (uint)_k.PartidMax + 1;

    [CFunction("resctrl_arch_system_num_rmid_idx", LastRevisionOnly = true)]
    public uint ArchSystemNumRmidIdx() => (uint)(_k.PmgMax + 1) * (uint)(_k.PartidMax + 1);

    /// <summary>resctrl_arch_pre_mount(): the arch has nothing to do before a mount.</summary>
    [CFunction("resctrl_arch_pre_mount", LastRevisionOnly = true)]
    public void ArchPreMount()
    {
    }

    /// <summary>resctrl_arch_rmid_idx_encode(): a closid's rmids side by side, (pmg_max + 1) of them; u32 arithmetic.</summary>
    [CFunction("resctrl_arch_rmid_idx_encode", LastRevisionOnly = true)]
    public uint ArchRmidIdxEncode(uint closid, uint rmid) => unchecked(closid * (uint)(_k.PmgMax + 1) + rmid);

    /// <summary>resctrl_arch_rmid_idx_decode(): the encoding undone.</summary>
    [CFunction("resctrl_arch_rmid_idx_decode", LastRevisionOnly = true)]
    public void ArchRmidIdxDecode(uint idx, out uint closid, out uint rmid)
    {
        closid = idx / (uint)(_k.PmgMax + 1);
        rmid = idx % (uint)(_k.PmgMax + 1);
    }

    [CFunction("resctrl_arch_get_resource")]
    public MainlineResource? ArchGetResource(uint level) => level >= (uint)_controls.Length ? null : _controls[level];

    object? IResctrlFile.ArchGetResource(uint level) => ArchGetResource(level);

    public object ControlAt(int rid) => _controls[rid];

    /// <summary>The seed's map row, which vectors may not use for this family (it picks its own classes); as the glue fills the entry.</summary>
    public void MapClass(int rid, MpamClass mpamClass, bool allocCapable)
    {
        _controls[rid].Class = mpamClass;
        _controls[rid].AllocCapable = allocCapable;
    }

    /// <summary>__cacheinfo_ready(), a device_initcall_sync(): run at every boot (reset) by the mainline stage.</summary>
    [CFunction("__cacheinfo_ready", LastRevisionOnly = true)]
    internal int CacheinfoReady()
    {
        CacheinfoIsReady = true;
        _k.Waits.WakeUp();                                          // wake_up(&wait_cacheinfo_ready)
        return 0;
    }

    /// <summary>mpam_resctrl_setup().</summary>
    [CFunction("mpam_resctrl_setup")]
    public int Setup()
    {
        int err = 0;

        if (IsMainline)                                             // stage: the wait came with mainline
            _k.Waits.WaitEvent(CacheinfoIsReady, "cacheinfo_ready", "mpam_resctrl_setup");   // wait_event(wait_cacheinfo_ready, cacheinfo_ready)

        using (_k.Rules.CpusLock.Hold())                            // cpus_read_lock()
        {
            foreach (var res in _controls)
            {
                res.CtrlDomains.Clear();                            // INIT_LIST_HEAD_RCU()
                _k.ListWritten();
                if (IsMainline)
                {
                    res.MonDomains.Clear();
                    _k.ListWritten();
                }
                res.Rid = res.Slot;
            }

            // classes for the control resources
            PickCaches();
            if (IsMainline)                                         // stage: MBA came with mainline
                PickMba();

            // the resources' resctrl structures from their classes
            foreach (var res in _controls)
            {
                if (res.Class is null)
                    continue;                                       // no class: nothing to do

                err = ControlInit(res);
                if (err != 0)
                    return err;                                     // to internal_error
            }

            if (IsMainline)                                         // stage: monitors came with mainline
            {
                // classes for the counters
                PickCounters();

                for (int eventId = QosEvent.First; eventId <= QosEvent.MpamMax; eventId++)
                {
                    var mon = _counters[eventId];
                    if (mon.Class is null)
                        continue;                                   // no class: nothing to do

                    err = MonitorInit(mon, eventId);
                    if (err != 0)
                        return err;                                 // to internal_error
                }
            }
        }                                                           // cpus_read_unlock()

        if (!ArchAllocCapable() && !(IsMainline && ArchMonCapable()))
            return -Errno.EOPNOTSUPP;                               // neither controls nor monitors: resctrl is not supported

        if (!IsMainline)
            return 0;                                               // stage: resctrl_init() not called yet

        err = _k.Fs.ResctrlInit();
        if (err != 0)
            return err;

        _resctrlEnabled = true;                                     // WRITE_ONCE(resctrl_enabled, true)
        return 0;
    }

    /// <summary>mpam_resctrl_exit(): resctrl_exit() once, if resctrl_init() succeeded.</summary>
    [CFunction("mpam_resctrl_exit", LastRevisionOnly = true)]
    public void Exit()
    {
        if (!_resctrlEnabled)
            return;

        _resctrlEnabled = false;
        _k.Fs.ResctrlExit();
    }

    /// <summary>mpam_resctrl_teardown_class(): the driver detaches an MSC from the class; forget it wherever it was picked.</summary>
    [CFunction("mpam_resctrl_teardown_class", LastRevisionOnly = true)]
    public void TeardownClass(MpamClass mpamClass)
    {
        // might_sleep()
        foreach (var res in _controls)
        {
            if (res.Class == mpamClass)
            {
                res.Class = null;
                break;
            }
        }
        for (int eventId = QosEvent.First; eventId <= QosEvent.MpamMax; eventId++)
        {
            if (_counters[eventId].Class == mpamClass)
            {
                _counters[eventId].Class = null;
                break;
            }
        }
    }
}
