using Conformance.Observation;

namespace Conformance.Model.Mainline;

// Control configuration: what the schemata files read and write.
public sealed partial class MpamResctrl
{
    /// <summary>resctrl_get_config_index(): with CDP, data at 2n and code at 2n+1.</summary>
    private static uint ConfigIndex(uint closid, int type) => type switch
    {
        ConfType.Code => closid * 2 + 1,
        ConfType.Data => closid * 2,
        _ => closid,
    };

    /// <summary>resctrl_arch_get_config(): the partid's configured value, or the default when it has none.</summary>
    [CFunction("resctrl_arch_get_config")]
    public uint ArchGetConfig(MainlineResource r, MainlineDomain d, uint closid, int type)
    {
        int configuredBy;
        _k.Rules.AssertCpusHeld("resctrl_arch_get_config");

        if (!MpamIsEnabled)
            return r.DefaultCtrl;

        var cprops = r.Class?.Props ?? ClassProps.None;             // &res->class->props: read below only for MBA

        // CDP is on elsewhere but hidden here: both partids of the closid hold the same value, read the data one.
        if (HideCdp(r.Rid))
            type = ConfType.Data;

        uint partid = ConfigIndex(closid, type);

        switch (r.Rid)
        {
            case RdtResourceL2:
            case RdtResourceL3:
                configuredBy = _featCporPart;
                break;
            case RdtResourceMba when IsMainline && cprops.Has(_featMbwMax):
                configuredBy = _featMbwMax;
                break;
            default:
                return r.DefaultCtrl;
        }

        // cfg = &dom->ctrl_comp->cfg[partid], read only once partid is known to be in range
        if (!r.AllocCapable || partid >= ArchGetNumClosid() || !d.CtrlComp!.Cfg![partid].Has(configuredBy))
            return r.DefaultCtrl;

        var cfg = d.CtrlComp.Cfg[partid];
        if (configuredBy == _featCporPart)
            return cfg.Cpbm;
        return MbwMaxToPercent(cfg.MbwMax, cprops);                 // mpam_feat_mbw_max
    }

    /// <summary>resctrl_arch_update_one(): one control of one domain, for one closid and type.</summary>
    [CFunction("resctrl_arch_update_one")]
    public int ArchUpdateOne(MainlineResource r, MainlineDomain d, uint closid, int t, uint cfgVal)
    {
        int err;
        _k.Rules.AssertCpusHeld("resctrl_arch_update_one");
        // lockdep_assert_irqs_enabled(): always, here

        if (IsMainline && !MpamIsEnabled)                           // stage: the check came with mainline
            return -Errno.EINVAL;

        var cprops = r.Class?.Props ?? ClassProps.None;

        if (HideCdp(r.Rid))
            t = ConfType.Data;

        uint partid = ConfigIndex(closid, t);
        if (!r.AllocCapable || partid >= ArchGetNumClosid())
            return -Errno.EINVAL;                                   // refused: no controls, or a partid past the range

        // Copy the current config, so as not to clear what other resources of the same component set.
        var cfg = d.CtrlComp!.Cfg![partid];

        switch (r.Rid)
        {
            case RdtResourceL2:
            case RdtResourceL3:
                cfg.Cpbm = cfgVal;
                cfg.Set(_featCporPart);
                break;
            case RdtResourceMba when IsMainline && cprops.Has(_featMbwMax):
                cfg.MbwMax = PercentToMbwMax((byte)cfgVal, cprops);  // the value is a u8 percentage by then
                cfg.Set(_featMbwMax);
                break;
            default:
                return -Errno.EINVAL;
        }

        // CDP enabled, but not for this resource: the same configuration for the other partid too.
        if (HideCdp(r.Rid))
        {
            partid = ConfigIndex(closid, ConfType.Code);
            err = MpamApplyConfig(d.CtrlComp, partid, cfg);
            if (err != 0)
                return err;

            partid = ConfigIndex(closid, ConfType.Data);
            return MpamApplyConfig(d.CtrlComp, partid, cfg);
        }

        return MpamApplyConfig(d.CtrlComp, partid, cfg);
    }

    /// <summary>resctrl_arch_update_domains(): every staged control of every listed domain, stopping at the first error.</summary>
    [CFunction("resctrl_arch_update_domains")]
    public int ArchUpdateDomains(MainlineResource r, uint closid)
    {
        const string Function = "resctrl_arch_update_domains";
        _k.Rules.AssertCpusHeld(Function);

        if (IsMainline && !MpamIsEnabled)                           // stage: the check came with mainline
            return -Errno.EINVAL;

        _k.Rules.CheckRcuListWalk(Function, "&r->ctrl_domains", lockdepCondition: false);
        foreach (var d in r.CtrlDomains)
        {
            if (!_k.ListVisit(d.Allocation, Function))
                break;
            for (int t = 0; t < ConfType.Count; t++)
            {
                ref var cfg = ref d.Staged[t];
                if (!cfg.HaveNewCtrl)
                    continue;

                int err = ArchUpdateOne(r, d, closid, t, cfg.NewCtrl);
                if (err != 0)
                    return err;
            }
        }
        return 0;
    }

    /// <summary>resctrl_arch_reset_all_ctrls(): the class back to its reset configuration.</summary>
    [CFunction("resctrl_arch_reset_all_ctrls")]
    public void ArchResetAllCtrls(MainlineResource r)
    {
        _k.Rules.AssertCpusHeld("resctrl_arch_reset_all_ctrls");

        if (!MpamIsEnabled)
            return;

        MpamResetClassLocked(r.Class!);
    }

    /// <summary>
    /// The driver's mpam_apply_config(), as the glue stands in for it: the partid's configuration
    /// recorded in comp->cfg[] (a partid past mpam_partid_max is ignored); the MSCs are not modelled.
    /// </summary>
    private int MpamApplyConfig(MpamComponent comp, uint partid, MpamConfig cfg)
    {
        if (comp.Cfg is not null && partid <= (uint)_k.PartidMax)
        {
            ConfiguredEntries += (cfg.Features != 0 ? 1 : 0) - (comp.Cfg[partid].Features != 0 ? 1 : 0);
            comp.Cfg[partid] = cfg;
        }
        ConfigWrites++;
        return 0;
    }

    /// <summary>The driver's mpam_reset_class_locked(), as the glue stands in for it: every partid of every component unconfigured.</summary>
    private void MpamResetClassLocked(MpamClass mpamClass)
    {
        foreach (var comp in mpamClass.ComponentList)
            if (comp.Cfg is not null)
            {
                ConfiguredEntries -= comp.Cfg.Count(c => c.Features != 0);
                Array.Clear(comp.Cfg);
            }
        ConfigWrites++;
    }

    /// <summary>
    /// Writes to comp->cfg[] (applied, reset, allocated), as the glue counts them for its
    /// configurations' version: a snapshot keeps the configurations it read while this, the
    /// lists and the frees stay.
    /// </summary>
    public ulong ConfigWrites { get; private set; }

    /// <summary>
    /// The comp->cfg[] entries with a feature, as the glue counts them: while there are none, no
    /// list can show a configuration, and a list write does not make a fill read them again.
    /// </summary>
    public long ConfiguredEntries { get; private set; }
}

/// <summary>enum resctrl_conf_type.</summary>
public static class ConfType
{
    public const int None = 0, Code = 1, Data = 2;
    public const int Count = 3;                                     // CDP_NUM_TYPES
}

/// <summary>struct resctrl_staged_config: what the filesystem staged for one type of a control domain.</summary>
public struct StagedConfig
{
    public uint NewCtrl;
    public bool HaveNewCtrl;
}
