namespace Conformance.Model.Mainline;

/// <summary>Which revision of the family the model renders: the stage that added CDP and caches, or the merged file.</summary>
public enum MainlineStage
{
    /// <summary>caches-cdp-01a0021f: L2/L3 picked from the classes, CDP, control configuration; no MBA, monitors, resctrl_init(), exit or teardown.</summary>
    CachesCdp,

    /// <summary>The file as merged (mainline-fb481ec0).</summary>
    Mainline,
}

/// <summary>enum resctrl_schema_fmt.</summary>
public enum SchemaFormat
{
    Bitmap = 0,
    Range = 1,
}

/// <summary>enum resctrl_event_id: the events the file maps to classes (QOS_FIRST_EVENT to MPAM_MAX_EVENT).</summary>
public static class QosEvent
{
    public const int L3Occup = 1, MbmTotal = 2, MbmLocal = 3;
    public const int First = L3Occup;
    public const int NumEvents = 4;
    /// <summary>MPAM_MAX_EVENT: the file maps events up to the total-bandwidth one.</summary>
    public const int MpamMax = MbmTotal;
}

/// <summary>
/// struct mpam_resctrl_res: the class picked for a resctrl resource, its cdp_enabled, and the
/// struct rdt_resource the filesystem reads (the fields the file sets).
/// </summary>
public sealed class MainlineResource(int slot)
{
    public int Slot { get; } = slot;
    public MpamClass? Class { get; set; }
    /// <summary>mpam_resctrl_res.cdp_enabled.</summary>
    public bool CdpEnabled { get; set; }

    // struct rdt_resource
    public int Rid { get; set; }
    public bool AllocCapable { get; set; }
    public bool MonCapable { get; set; }
    public bool CdpCapable { get; set; }
    /// <summary>name: what the filesystem calls it (its info folder); null until set.</summary>
    public string? Name { get; set; }
    /// <summary>ctrl_scope and mon_scope: enum resctrl_scope, 0 until set.</summary>
    public int CtrlScope { get; set; }
    public int MonScope { get; set; }
    public SchemaFormat SchemaFmt { get; set; }
    public uint CbmLen { get; set; }
    /// <summary>cache.min_cbm_bits, cache.shareable_bits, cache.arch_has_sparse_bitmasks, membw.delay_linear.</summary>
    public uint MinCbmBits { get; set; }
    public uint ShareableBits { get; set; }
    public bool SparseMasks { get; set; }
    public bool DelayLinear { get; set; }
    public uint MinBw { get; set; }
    public uint MaxBw { get; set; }
    public uint BwGran { get; set; }
    public uint NumRmid { get; set; }
    public List<MainlineDomain> CtrlDomains { get; } = [];
    public List<MainlineDomain> MonDomains { get; } = [];

    /// <summary>resctrl_get_default_ctrl(r): every bit of cbm_len, or max_bw.</summary>
    public uint DefaultCtrl => SchemaFmt switch
    {
        SchemaFormat.Bitmap => CbmLen >= 32 ? uint.MaxValue : (1u << (int)CbmLen) - 1,
        _ => MaxBw,
    };

    /// <summary>The static table entry back to zero, as at boot.</summary>
    internal void Reset()
    {
        Class = null;
        CdpEnabled = false;
        Rid = 0;
        AllocCapable = MonCapable = CdpCapable = false;
        Name = null;
        CtrlScope = MonScope = 0;
        SchemaFmt = SchemaFormat.Bitmap;
        CbmLen = MinBw = MaxBw = BwGran = NumRmid = MinCbmBits = ShareableBits = 0;
        SparseMasks = DelayLinear = false;
        CtrlDomains.Clear();
        MonDomains.Clear();
    }
}

/// <summary>
/// struct mpam_resctrl_dom: one allocation holding a control domain and an L3 monitor domain
/// (either may be unused), the component behind the controls and, per event, behind the monitors.
/// </summary>
public sealed class MainlineDomain(long allocation, int maskWords, MaskWriteLog? writes = null)
{
    public long Allocation { get; } = allocation;
    public MpamComponent? CtrlComp { get; set; }
    public MpamComponent?[] MonComp { get; } = new MpamComponent?[QosEvent.NumEvents];
    /// <summary>resctrl_ctrl_dom.hdr.</summary>
    public DomainHeader CtrlHdr { get; } = new(maskWords, writes);
    /// <summary>resctrl_mon_dom.hdr.</summary>
    public DomainHeader MonHdr { get; } = new(maskWords, writes);
    /// <summary>resctrl_ctrl_dom.staged_config[CDP_NUM_TYPES], which the filesystem fills before resctrl_arch_update_domains().</summary>
    public StagedConfig[] Staged { get; } = new StagedConfig[ConfType.Count];
}

/// <summary>struct mpam_resctrl_mon: the class backing one event's counters.</summary>
public sealed class MainlineMon
{
    public MpamClass? Class { get; set; }
}
