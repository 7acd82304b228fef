namespace Conformance.Model;

/// <summary>
/// struct mpam_resctrl_dom: the domain the model allocates per (resource, component), with the
/// ledger token of its kzalloc_node() so that a kfree() is checked against it.
/// </summary>
public sealed class ResctrlDomain(long allocation, int maskWords, MaskWriteLog? writes = null)
{
    public long Allocation { get; } = allocation;
    public MpamComponent? CtrlComp { get; set; }
    /// <summary>resctrl_ctrl_dom.hdr.</summary>
    public DomainHeader Hdr { get; } = new(maskWords, writes);
}

/// <summary>
/// struct mpam_resctrl_res: the class picked for a resctrl resource and the resctrl_res itself
/// (its rid, alloc_capable and ctrl_domains list, kept sorted by id as resctrl_find_domain expects).
/// </summary>
public sealed class ResctrlResource(int slot)
{
    /// <summary>The index in mpam_resctrl_controls[]: the enum resctrl_res_level value of the slot.</summary>
    public int Slot { get; } = slot;
    public MpamClass? Class { get; set; }
    /// <summary>resctrl_res.rid: zero until mpam_resctrl_setup() sets it.</summary>
    public int Rid { get; set; }
    public bool AllocCapable { get; set; }
    public List<ResctrlDomain> CtrlDomains { get; } = [];
}
