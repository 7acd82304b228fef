using Conformance.Observation;

namespace Conformance.Model.Mainline;

/// <summary>What resctrl_arch_mon_ctx_alloc() returns: a kmalloc'd int holding a monitor index (or an error left in it).</summary>
public sealed class MonContext(long allocation)
{
    public long Allocation { get; } = allocation;
    public int Value { get; set; }
}

// Monitor contexts and counter reads.
public sealed partial class MpamResctrl
{
    private const int UsePreAllocated = ushort.MaxValue + 1;         // USE_PRE_ALLOCATED

    // The stand-in for the driver core's counter read checks the monitor index it is given.
    internal readonly WarnOnceSite MsmonReadBadMonitor =
        new("mpam_msmon_read", "type == mpam_feat_msmon_csu && ctx->mon >= comp->class->props.num_csu_mon");

    /// <summary>resctrl_arch_mon_ctx_alloc_no_wait(): a CSU monitor from the class, the pre-allocated marker for MBM, or an error.</summary>
    [CFunction("resctrl_arch_mon_ctx_alloc_no_wait", LastRevisionOnly = true)]
    private int ArchMonCtxAllocNoWait(int evtid)
    {
        var mon = _counters[evtid];

        if (!MpamIsEnabled)
            return -Errno.EINVAL;

        if (mon.Class is null)
            return -Errno.EINVAL;

        return evtid switch
        {
            QosEvent.L3Occup => MpamAllocCsuMon(mon.Class),        // with CDP, one monitor serves code and data reads
            QosEvent.MbmLocal or QosEvent.MbmTotal => UsePreAllocated,
            _ => -Errno.EOPNOTSUPP,
        };
    }

    /// <summary>
    /// resctrl_arch_mon_ctx_alloc(): the context, waiting while the monitors are all taken. Nothing
    /// here can wake a sleeper: the wait ends as an interrupted one does, with -ENOSPC left in the
    /// context, which is returned as if it held a monitor (it is not an ERR_PTR()).
    /// </summary>
    [CFunction("resctrl_arch_mon_ctx_alloc", LastRevisionOnly = true)]
    public (MonContext? Context, int Err) ArchMonCtxAlloc(int evtid)
    {
        long allocation = _k.Ledger.Allocate(-1, "resctrl_arch_mon_ctx_alloc", sizeof(int), call: "kmalloc_obj(", gfp: AllocationLedger.GfpKernel);   // int *ret   // kmalloc_obj(*ret)
        if (allocation == 0)
            return (null, -Errno.ENOMEM);
        var ret = new MonContext(allocation);
        var wait = new WaitEntry();                                 // DEFINE_WAIT(wait)

        // The loop runs once: a -ENOSPC schedule()s, which leaves a signal pending.
        _k.Waits.PrepareToWait(wait, "&resctrl_mon_ctx_waiters", "resctrl_arch_mon_ctx_alloc");
        ret.Value = ArchMonCtxAllocNoWait(evtid);
        _k.Waits.FinishWait(wait);
        return (ret, 0);
    }

    [CFunction("resctrl_arch_mon_ctx_free_no_wait", LastRevisionOnly = true)]
    private void ArchMonCtxFreeNoWait(int evtid, uint monIdx)
    {
        var mon = _counters[evtid];

        if (!MpamIsEnabled)
            return;

        if (mon.Class is null)
            return;

        if (evtid == QosEvent.L3Occup)
            mon.Class.CsuMonitorsInUse.Remove((int)monIdx);         // mpam_free_csu_mon(): ida_free()

        _k.Waits.WakeUp();                                          // wake_up(&resctrl_mon_ctx_waiters)
    }

    [CFunction("resctrl_arch_mon_ctx_free", LastRevisionOnly = true)]
    public void ArchMonCtxFree(int evtid, MonContext ctx)
    {
        uint monIdx = (uint)ctx.Value;
        _k.Kfree(ctx.Allocation, "resctrl_arch_mon_ctx_free");      // kfree(arch_mon_ctx)
        ArchMonCtxFreeNoWait(evtid, monIdx);
    }

    [CFunction("__read_mon", LastRevisionOnly = true)]
    private int ReadMon(MainlineMon mon, MpamComponent monComp, int monIdx, int cdpType, uint closid, uint rmid, out ulong val)
    {
        val = 0;
        if (!MpamIsEnabled)
            return -Errno.EINVAL;

        // with CDP the closid becomes its code or data partid
        closid = ConfigIndex(closid, cdpType);

        // irqs_disabled(): never here
        return MpamMsmonRead(monComp, (uint)monIdx, closid, (byte)rmid, out val);   // cfg.pmg is a u8
    }

    [CFunction("read_mon_cdp_safe", LastRevisionOnly = true)]
    private int ReadMonCdpSafe(MainlineMon mon, MpamComponent monComp, int monIdx, uint closid, uint rmid, ref ulong val)
    {
        if (_cdpEnabled)
        {
            int err = ReadMon(mon, monComp, monIdx, ConfType.Code, closid, rmid, out ulong codeVal);
            if (err != 0)
                return err;

            err = ReadMon(mon, monComp, monIdx, ConfType.Data, closid, rmid, out ulong dataVal);
            if (err != 0)
                return err;

            val += codeVal + dataVal;
            return 0;
        }

        int rc = ReadMon(mon, monComp, monIdx, ConfType.None, closid, rmid, out ulong read);
        val = read;
        return rc;
    }

    /// <summary>resctrl_arch_rmid_read(): CSU only (MBWU outside ABMC mode is not supported).</summary>
    [CFunction("resctrl_arch_rmid_read", LastRevisionOnly = true)]
    public int ArchRmidRead(MainlineDomain l3Dom, uint closid, uint rmid, int eventId, MonContext ctx, ref ulong val)
    {
        int monIdx = ctx.Value;                                     // u32 mon_idx = *(u32 *)arch_mon_ctx
        var mon = _counters[eventId];

        _k.Rules.CheckMaySleep("resctrl_arch_rmid_read");          // resctrl_arch_rmid_read_context_check()

        if (!MpamIsEnabled)
            return -Errno.EINVAL;

        if (eventId >= QosEvent.NumEvents || mon.Class is null)
            return -Errno.EINVAL;

        var monComp = l3Dom.MonComp[eventId];

        if (eventId != QosEvent.L3Occup)
            return -Errno.EINVAL;

        return ReadMonCdpSafe(mon, monComp!, monIdx, closid, rmid, ref val);
    }

    /// <summary>The driver's mpam_alloc_csu_mon(): the lowest free monitor id up to num_csu_mon - 1, else -ENOSPC.</summary>
    private int MpamAllocCsuMon(MpamClass mpamClass)
    {
        var cprops = mpamClass.Props;
        if (!cprops.Has(_featMsmonCsu))
            return -Errno.EOPNOTSUPP;

        for (int id = 0; id <= cprops.NumCsuMon - 1 && id < StandInIdaMax; id++)
            if (mpamClass.CsuMonitorsInUse.Add(id))
                return id;
        return -Errno.ENOSPC;
    }

    private const int StandInIdaMax = 1024;                        // the ida stand-in's size

    /// <summary>
    /// The driver core's mpam_msmon_read(), as the glue stands in for it: no MSC is modelled, so a
    /// counter reads comp_id * 1000000 + partid * 1000 + pmg; a CSU monitor index the class does
    /// not have is a WARN of the stand-in's, and refused.
    /// </summary>
    private int MpamMsmonRead(MpamComponent comp, uint mon, uint partid, byte pmg, out ulong val)
    {
        val = 0;
        if (_k.Warns.WarnOnOnce(MsmonReadBadMonitor, mon >= (uint)comp.Class.Props.NumCsuMon))
            return -Errno.EINVAL;
        val = (ulong)comp.Id * 1000000 + (ulong)partid * 1000 + pmg;
        return 0;
    }
}
