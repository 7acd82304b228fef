using Conformance.Observation;

namespace Conformance.Model.Mainline;

// Picking classes for resources and events, and initialising resctrl's structures from them.
public sealed partial class MpamResctrl
{
    private const uint MaxMbaBw = 100;                              // MAX_MBA_BW

    /// <summary>update_rmid_limits(): resctrl's limit and threshold for reusing an rmid, from the smallest cache with CSU counters.</summary>
    [CFunction("update_rmid_limits", LastRevisionOnly = true)]
    private int UpdateRmidLimits(MpamClass mpamClass)
    {
        uint numUniquePmg = ArchSystemNumRmidIdx();
        var cprops = mpamClass.Props;
        _k.Rules.AssertCpusHeld("update_rmid_limits");

        if (!cprops.Has(_featMsmonCsu))
            return 0;

        // Assumes every CPU's cache at this level is the same size; asks the CPU it runs on.
        int? size = _k.Topology.CacheSize(_k.ThisCpu, mpamClass.Level);   // get_cpu_cacheinfo_level()
        if (size is null || size == 0)
            return -Errno.EINVAL;                                   // no size for the cache: no counters

        if (_k.RmidReallocLimit == 0 || (uint)size < _k.RmidReallocLimit)
        {
            _k.RmidReallocLimit = (uint)size;
            _k.RmidReallocThreshold = (uint)size / numUniquePmg;
        }
        return 0;
    }

    [CFunction("cache_has_usable_cpor")]
    private bool CacheHasUsableCpor(MpamClass mpamClass)
    {
        if (!mpamClass.Props.Has(_featCporPart))
            return false;

        // a bitmap wider than 32 bits does not fit resctrl's u32 controls
        return mpamClass.Props.CpbmWd <= 32;
    }

    [CFunction("mba_class_use_mbw_max", LastRevisionOnly = true)]
    private bool MbaClassUseMbwMax(ClassProps cprops) => cprops.Has(_featMbwMax) && cprops.BwaWd != 0;

    [CFunction("class_has_usable_mba", LastRevisionOnly = true)]
    private bool ClassHasUsableMba(ClassProps cprops) => MbaClassUseMbwMax(cprops);

    [CFunction("cache_has_usable_csu", LastRevisionOnly = true)]
    private bool CacheHasUsableCsu(MpamClass? mpamClass)
    {
        if (mpamClass is null)
            return false;

        var cprops = mpamClass.Props;
        if (!cprops.Has(_featMsmonCsu))
            return false;

        // one CSU monitor is enough: occupancy does not need a monitor per reader
        if (cprops.NumCsuMon == 0)
            return false;

        return true;
    }

    /// <summary>get_mba_granularity(): the worst-case percentage step of the control.</summary>
    [CFunction("get_mba_granularity", LastRevisionOnly = true)]
    private uint GetMbaGranularity(ClassProps cprops)
    {
        if (!MbaClassUseMbwMax(cprops))
            return 0;

        return DivRoundUp(MaxMbaBw, 1u << cprops.BwaWd);
    }

    /// <summary>mbw_max_to_percent(): the value's band as a percentage: its top, rounded to the nearest.</summary>
    [CFunction("mbw_max_to_percent", LastRevisionOnly = true)]
    private static uint MbwMaxToPercent(ushort mbwMax, ClassProps cprops)
    {
        uint val = mbwMax;
        val >>= 16 - cprops.BwaWd;
        val += 1;
        val *= MaxMbaBw;
        val = DivRoundClosest(val, 1u << cprops.BwaWd);
        return val;
    }

    /// <summary>percent_to_mbw_max(): a percentage (a u8) to the MBW_MAX value, rounding to the nearest band.</summary>
    [CFunction("percent_to_mbw_max", LastRevisionOnly = true)]
    private static ushort PercentToMbwMax(byte pc, ClassProps cprops)
    {
        uint val = pc;
        val <<= cprops.BwaWd;
        val = DivRoundClosest(val, MaxMbaBw);
        val = Math.Max(val, 1) - 1;
        val <<= 16 - cprops.BwaWd;
        return (ushort)val;
    }

    [CFunction("get_mba_min", LastRevisionOnly = true)]
    private uint GetMbaMin(ClassProps cprops)
    {
        if (!MbaClassUseMbwMax(cprops))
        {
            _k.Warns.WarnOnOnce(GetMbaMinNoMbwMax, true);           // WARN_ON_ONCE(1)
            return 0;
        }
        return MbwMaxToPercent(0, cprops);
    }

    private static uint DivRoundUp(uint n, uint d) => (n + d - 1) / d;
    private static uint DivRoundClosest(uint n, uint d) => (n + d / 2) / d;

    /// <summary>
    /// find_l3_equivalent_bitmask(): the CPUs whose L3 has this CPU's L3's id, as the driver's
    /// mpam_get_cpumask_from_cache_id() answers from cacheinfo (the glue's stand-in for it).
    /// A CPU with no L3 has id -1: the CPUs without one.
    /// </summary>
    [CFunction("find_l3_equivalent_bitmask", LastRevisionOnly = true)]
    private int FindL3EquivalentBitmask(int cpu, ulong[] tmpCpumask)
    {
        int cacheId = _k.Topology.CacheId(cpu, 3);
        _k.Rules.AssertCpusHeld("find_l3_equivalent_bitmask");

        for (int other = 0; other < _k.Topology.NrCpuIds; other++)
            if (_k.Topology.CacheId(other, 3) == cacheId)
                CpuMaskBits.Set(tmpCpumask, other);
        return 0;
    }

    /// <summary>topology_matches_l3(): each of the victim's components has exactly the CPUs of the L3 of its first online CPU.</summary>
    [CFunction("topology_matches_l3", LastRevisionOnly = true)]
    private bool TopologyMatchesL3(MpamClass victim)
    {
        const string Function = "topology_matches_l3";
        _k.Rules.AssertCpusHeld(Function);

        using var tmpCpumask = CpumaskVar.Alloc(_k, Function);       // cpumask_var_t __free(free_cpumask_var)
        if (tmpCpumask is null)
            return false;

        using var srcu = _k.Rules.Readers.SrcuReadLock();           // guard(srcu)(&mpam_srcu)
        _k.Rules.CheckSrcuListWalk(Function, "&victim->components", _k.Rules.Readers.SrcuDepth > 0);
        foreach (var victimIter in victim.ComponentList)
        {
            if (CpuMaskBits.IsEmpty(victimIter.Affinity))
                return false;                                       // a component without CPUs cannot match

            int cpu = AnyAndOnline(victimIter.Affinity);
            if (_k.Warns.WarnOnOnce(TopologyNoOnlineCpu, cpu >= _k.Topology.NrCpuIds))
                return false;

            Array.Clear(tmpCpumask.Mask);
            int err = FindL3EquivalentBitmask(cpu, tmpCpumask.Mask);
            if (err != 0)
                return false;                                       // no L3 mask for the CPU

            // The component must hold exactly the CPUs of that L3.
            if (!CpumaskEqual(tmpCpumask.Mask, victimIter.Affinity))
                return false;
        }
        return true;
    }

    /// <summary>traffic_matches_l3(): the class's traffic is what leaves the (single, last-level) L3.</summary>
    [CFunction("traffic_matches_l3", LastRevisionOnly = true)]
    private bool TrafficMatchesL3(MpamClass mpamClass)
    {
        const string Function = "traffic_matches_l3";
        _k.Rules.AssertCpusHeld(Function);

        if (mpamClass.Type == MpamClassType.Cache && mpamClass.Level == 3)
            return true;

        if (mpamClass.Type == MpamClassType.Cache && mpamClass.Level != 3)
            return false;                                           // another cache level

        if (mpamClass.Type != MpamClassType.Memory)
            return false;                                           // an unknown kind of class

        using var tmpCpumask = CpumaskVar.Alloc(_k, Function);
        if (tmpCpumask is null)
            return false;                                           // no mask, no match

        int cpu = AnyAndOnline(mpamClass.Affinity);
        int err = FindL3EquivalentBitmask(cpu, tmpCpumask.Mask);
        if (err != 0)
            return false;                                           // no L3 mask for the CPU

        if (!CpumaskEqual(tmpCpumask.Mask, PossibleMask()))
            return false;                                           // several L3s share the traffic

        // A cache below the L3 (level 4) could absorb the traffic first.
        if (_k.Topology.CacheId(cpu, 4) != -1)
            return false;                                           // an L4 exists

        if (_k.Topology.NumPossibleNodes() > 1)
            return false;                                           // several NUMA nodes

        // CONFIG_HMEM_REPORTING is off: no memory-side cache check.
        return true;
    }

    /// <summary>mpam_resctrl_pick_caches(): L2 and L3 classes with usable CPOR that cover every CPU.</summary>
    [CFunction("mpam_resctrl_pick_caches")]
    private void PickCaches()
    {
        const string Function = "mpam_resctrl_pick_caches";
        _k.Rules.AssertCpusHeld(Function);

        using var srcu = _k.Rules.Readers.SrcuReadLock();
        _k.Rules.CheckSrcuListWalk(Function, "&mpam_classes", _k.Rules.Readers.SrcuDepth > 0);
        foreach (var mpamClass in _k.Topology.Classes)
        {
            if (mpamClass.Type != MpamClassType.Cache)
                continue;                                           // only caches

            if (mpamClass.Level != 2 && mpamClass.Level != 3)
                continue;                                           // only L2 and L3

            if (!CacheHasUsableCpor(mpamClass))
                continue;                                           // no usable portion bitmap

            if (!CpumaskEqual(mpamClass.Affinity, PossibleMask()))
                continue;                                           // does not cover every CPU

            var res = mpamClass.Level == 2 ? _controls[RdtResourceL2] : _controls[RdtResourceL3];
            res.Class = mpamClass;
        }
    }

    /// <summary>mpam_resctrl_pick_mba(): the usable bandwidth control shaped like the L3 and nearest it.</summary>
    [CFunction("mpam_resctrl_pick_mba", LastRevisionOnly = true)]
    private void PickMba()
    {
        const string Function = "mpam_resctrl_pick_mba";
        MpamClass? candidateClass = null;
        _k.Rules.AssertCpusHeld(Function);

        using (var srcu = _k.Rules.Readers.SrcuReadLock())
        {
            _k.Rules.CheckSrcuListWalk(Function, "&mpam_classes", _k.Rules.Readers.SrcuDepth > 0);
            foreach (var mpamClass in _k.Topology.Classes)
            {
                var cprops = mpamClass.Props;

                if (mpamClass.Level != 3 && mpamClass.Type == MpamClassType.Cache)
                    continue;                                       // a cache other than L3

                if (!ClassHasUsableMba(cprops))
                    continue;                                       // no usable MBW_MAX

                if (!CpumaskEqual(mpamClass.Affinity, PossibleMask()))
                    continue;                                       // does not cover every CPU

                if (!TopologyMatchesL3(mpamClass))
                    continue;                                       // not shaped like the L3

                if (!TrafficMatchesL3(mpamClass))
                    continue;                                       // its traffic is not what leaves the L3

                // As close as possible to the L3, so that MBA matches what mbm_total counts.
                if (candidateClass is null || mpamClass.Level < candidateClass.Level)
                    candidateClass = mpamClass;
            }

            if (candidateClass is not null)
                _controls[RdtResourceMba].Class = candidateClass;   // MBA is backed by it
        }
    }

    /// <summary>counter_update_class(): the class behind an event's counters, unless the one already picked is to be kept.</summary>
    [CFunction("counter_update_class", LastRevisionOnly = true)]
    private void CounterUpdateClass(int evtId, MpamClass mpamClass)
    {
        var existingClass = _counters[evtId].Class;

        if (existingClass is not null)
        {
            if (mpamClass.Level == 3)
                return;                                             // the new class is an L3: the one already picked stays

            if (existingClass.Level < mpamClass.Level)
                return;                                             // the one already picked is nearer the L3
        }

        _counters[evtId].Class = mpamClass;
    }

    /// <summary>mpam_resctrl_pick_counters(): CSU counters on a cache class (not another cache than L3) covering every CPU.</summary>
    [CFunction("mpam_resctrl_pick_counters", LastRevisionOnly = true)]
    private void PickCounters()
    {
        const string Function = "mpam_resctrl_pick_counters";
        _k.Rules.AssertCpusHeld(Function);

        using var srcu = _k.Rules.Readers.SrcuReadLock();
        _k.Rules.CheckSrcuListWalk(Function, "&mpam_classes", _k.Rules.Readers.SrcuDepth > 0);
        foreach (var mpamClass in _k.Topology.Classes)
        {
            // counters are shown on the L3, so caches at other levels are passed over
            if (mpamClass.Type == MpamClassType.Cache && mpamClass.Level != 3)
                continue;

            if (!CpumaskEqual(mpamClass.Affinity, PossibleMask()))
                continue;                                           // does not cover every CPU

            if (CacheHasUsableCsu(mpamClass))
            {
                // occupancy is counted on caches only
                switch (mpamClass.Type)
                {
                    case MpamClassType.Cache:
                        if (UpdateRmidLimits(mpamClass) != 0)
                            break;

                        CounterUpdateClass(QosEvent.L3Occup, mpamClass);
                        break;
                    default:
                        break;
                }
            }
        }
    }

    /// <summary>mpam_resctrl_control_init(): what the filesystem is told about a resource with a class.</summary>
    [CFunction("mpam_resctrl_control_init")]
    private int ControlInit(MainlineResource res)
    {
        var mpamClass = res.Class!;
        var cprops = mpamClass.Props;

        switch (res.Rid)
        {
            case RdtResourceL2:
            case RdtResourceL3:
                res.SchemaFmt = SchemaFormat.Bitmap;
                res.SparseMasks = true;
                res.CbmLen = (uint)cprops.CpbmWd;
                res.MinCbmBits = 1;                                 // mpam_devices rejects empty bitmaps
                if (res.Rid == RdtResourceL2)
                {
                    res.Name = "L2";
                    res.CtrlScope = ResctrlL2Cache;
                    res.CdpCapable = true;
                }
                else
                {
                    res.Name = "L3";
                    res.CtrlScope = ResctrlL3Cache;
                    res.CdpCapable = true;
                }
                res.ShareableBits = res.DefaultCtrl;                // resctrl_get_default_ctrl(r)
                res.AllocCapable = true;
                break;
            case RdtResourceMba when IsMainline:                    // stage: MBA came with mainline
                res.SchemaFmt = SchemaFormat.Range;
                res.CtrlScope = ResctrlL3Cache;
                res.DelayLinear = true;
                // throttle_mode = THREAD_THROTTLE_UNDEFINED: 0, as at boot
                res.MinBw = GetMbaMin(cprops);
                res.MaxBw = MaxMbaBw;
                res.BwGran = GetMbaGranularity(cprops);
                res.Name = "MB";
                res.AllocCapable = true;
                break;
            default:
                return -Errno.EINVAL;
        }
        return 0;
    }

    /// <summary>mpam_resctrl_pick_domain_id(): caches use the component id; a class shaped like the L3 uses the L3's id.</summary>
    [CFunction("mpam_resctrl_pick_domain_id")]
    private int PickDomainId(int cpu, MpamComponent comp)
    {
        var mpamClass = comp.Class;

        if (mpamClass.Type == MpamClassType.Cache)
            return comp.Id;

        if (IsMainline && TopologyMatchesL3(mpamClass))             // stage: ids were not yet taken from the L3
        {
            // the domain takes the id of the CPU's L3
            int id = _k.Topology.CacheId(cpu, 3);

            // the topology check said yes, yet the CPU has no L3 id
            if (_k.Warns.WarnOnOnce(PickDomainIdNoL3, id == -1))
                return comp.Id;

            return id;
        }

        // otherwise the component's own (firmware) id
        return comp.Id;
    }

    /// <summary>mpam_resctrl_monitor_init(): present an event's counters on the L3, faking an L3 class if there is none.</summary>
    [CFunction("mpam_resctrl_monitor_init", LastRevisionOnly = true)]
    private int MonitorInit(MainlineMon mon, int type)
    {
        var res = _controls[RdtResourceL3];
        _k.Rules.AssertCpusHeld("mpam_resctrl_monitor_init");

        // no L3 in cacheinfo for the CPU it runs on: no monitors
        if (_k.Topology.CacheId(_k.ThisCpu, 3) == -1)
            return 0;

        // No class for the L3 controls: the counters' class stands in for it (a warning is printed once).
        if (res.Class is null)
            res.Class = _counters[type].Class;

        // Called once per event with a class; the name matters on a platform with monitors alone.
        res.Name = "L3";
        res.MonScope = ResctrlL3Cache;
        res.NumRmid = ArchSystemNumRmidIdx();

        if (_k.Fs.EnableMonEvent(type))
            res.MonCapable = true;

        return 0;
    }

    /// <summary>cpumask_any_and(mask, cpu_online_mask): the lowest CPU in both, or nr_cpu_ids.</summary>
    private int AnyAndOnline(ulong[] mask)
    {
        for (int cpu = 0; cpu < _k.Topology.NrCpuIds; cpu++)
            if (cpu / 64 < mask.Length && CpuMaskBits.Test(mask, cpu) && _k.CpuOnline(cpu))
                return cpu;
        return _k.Topology.NrCpuIds;
    }

    /// <summary>cpumask_equal() over nr_cpu_ids, whatever the arrays' lengths.</summary>
    private bool CpumaskEqual(ulong[] a, ulong[] b)
    {
        for (int cpu = 0; cpu < _k.Topology.NrCpuIds; cpu++)
            if (BitOf(a, cpu) != BitOf(b, cpu))
                return false;
        return true;
    }

    private static bool BitOf(ulong[] mask, int cpu) => cpu / 64 < mask.Length && CpuMaskBits.Test(mask, cpu);

    /// <summary>cpu_possible_mask: CPUs 0..nr_cpu_ids-1.</summary>
    private ulong[] PossibleMask()
    {
        var mask = new ulong[_k.Topology.MaskWords];
        for (int cpu = 0; cpu < _k.Topology.NrCpuIds; cpu++)
            CpuMaskBits.Set(mask, cpu);
        return mask;
    }
}
