using System.Runtime.InteropServices;
using Conformance.Observation;

namespace Conformance.Model.Mainline;

// Domain headers, the sorted RCU lists, allocation and lookup.
public sealed partial class MpamResctrl
{
    [CFunction("mpam_resctrl_domain_hdr_init")]
    private void DomainHdrInit(int cpu, MpamComponent comp, int rid, DomainHeader hdr)
    {
        _k.Rules.AssertCpusHeld("mpam_resctrl_domain_hdr_init");
        hdr.Id = PickDomainId(cpu, comp);
        hdr.Rid = rid;
        hdr.SetCpu(cpu);                          // not listed yet
    }

    /// <summary>mpam_resctrl_online_domain_hdr(): the CPU joins a listed domain.</summary>
    [CFunction("mpam_resctrl_online_domain_hdr")]
    private void OnlineDomainHdr(int cpu, DomainHeader hdr)
    {
        _k.Rules.AssertCpusHeld("mpam_resctrl_online_domain_hdr");
        if (!CpuMaskBits.Test(hdr.CpuMask, cpu))
            _k.Generation++;
        hdr.SetCpu(cpu);
    }

    /// <summary>
    /// mpam_resctrl_offline_domain_hdr(): the CPU leaves; if it was the last, the header leaves
    /// its list (list_del_rcu + synchronize_rcu) and true says the caller may free the domain.
    /// </summary>
    [CFunction("mpam_resctrl_offline_domain_hdr")]
    private bool OfflineDomainHdr(int cpu, List<MainlineDomain> list, MainlineDomain dom, DomainHeader hdr)
    {
        _k.Rules.AssertHeld(_k.DomainListLock, "mpam_resctrl_offline_domain_hdr");

        if (CpuMaskBits.Test(hdr.CpuMask, cpu))
            _k.Generation++;
        hdr.ClearCpu(cpu);
        if (CpuMaskBits.IsEmpty(hdr.CpuMask))
        {
            _k.ListDelRcu(list, dom, hdr, "mpam_resctrl_offline_domain_hdr");   // list_del_rcu()
            _k.Rules.RcuUnlinked(dom.Allocation);
            _k.Generation++;
            _k.SynchronizeRcu("mpam_resctrl_offline_domain_hdr");
            return true;
        }
        return false;
    }

    /// <summary>
    /// resctrl_find_domain() over a list of the file's domains, by the header the list holds: the
    /// domain with that id, or null with <paramref name="pos"/> at the first larger id (or the end).
    /// </summary>
    private MainlineDomain? ResctrlFindDomain(List<MainlineDomain> list, Func<MainlineDomain, DomainHeader> hdrOf, int id, out int pos)
    {
        for (pos = 0; pos < list.Count && _k.ListVisit(list[pos].Allocation, "resctrl_find_domain"); pos++)
        {
            int listed = hdrOf(list[pos]).Id;
            if (listed == id)
                return list[pos];
            if (id < listed)
                break;
        }
        return null;
    }

    private static readonly Func<MainlineDomain, DomainHeader> CtrlHdrOf = d => d.CtrlHdr;
    private static readonly Func<MainlineDomain, DomainHeader> MonHdrOf = d => d.MonHdr;

    /// <summary>mpam_resctrl_domain_insert(): sorted insert; an existing id is a WARN and the new header is left off the list.</summary>
    [CFunction("mpam_resctrl_domain_insert")]
    private void DomainInsert(List<MainlineDomain> list, Func<MainlineDomain, DomainHeader> hdrOf, MainlineDomain dom)
    {
        _k.Rules.AssertHeld(_k.DomainListLock, "mpam_resctrl_domain_insert");

        var err = ResctrlFindDomain(list, hdrOf, hdrOf(dom).Id, out int pos);
        if (_k.Warns.WarnOnOnce(DomainInsertFound, err is not null))
            return;

        _k.ListAddTailRcu(list, pos, dom, hdrOf(dom), "mpam_resctrl_domain_insert");   // list_add_tail_rcu(&new->list, pos)
        _k.Generation++;
    }

    /// <summary>find_component(): the class's first component (newest first) whose affinity holds the CPU.</summary>
    [CFunction("find_component", LastRevisionOnly = true)]
    private MpamComponent? FindComponent(MpamClass mpamClass, int cpu)
    {
        using var srcu = _k.Rules.Readers.SrcuReadLock();
        _k.Rules.CheckSrcuListWalk("find_component", "&class->components", _k.Rules.Readers.SrcuDepth > 0);
        foreach (var comp in mpamClass.ComponentList)
            if (BitOf(comp.Affinity, cpu))
                return comp;

        return null;
    }

    /// <summary>
    /// mpam_resctrl_alloc_domain(): a new domain for the first CPU of a component to come online:
    /// its control domain if the resource is alloc_capable, its L3 monitor domain if mon_capable.
    /// </summary>
    [CFunction("mpam_resctrl_alloc_domain")]
    private (MainlineDomain? Dom, int Err) AllocDomain(int cpu, MainlineResource res)
    {
        const string Function = "mpam_resctrl_alloc_domain";
        int err;
        var mpamClass = res.Class!;
        _k.Rules.AssertHeld(_k.DomainListLock, Function);

        MpamComponent? ctrlComp = null;
        using var srcu = _k.Rules.Readers.SrcuReadLock();           // guard(srcu), to the end of the function
        _k.Rules.CheckSrcuListWalk(Function, "&class->components", _k.Rules.Readers.SrcuDepth > 0);
        foreach (var compIter in mpamClass.ComponentList)
        {
            if (BitOf(compIter.Affinity, cpu))
            {
                ctrlComp = compIter;
                break;
            }
        }

        // no component of the class holds the CPU
        if (_k.Warns.WarnOnOnce(AllocDomainNoComponent, ctrlComp is null))
            return (null, -Errno.EINVAL);

        long allocation = _k.Ledger.Allocate(_k.Topology.NodeOf(cpu), Function, _k.Sizes.Domain, res.Slot);   // kzalloc_node()
        if (allocation == 0)
            return (null, -Errno.ENOMEM);
        var dom = new MainlineDomain(allocation, _k.Topology.MaskWords, _k.MaskWrites);

        if (res.AllocCapable)
        {
            dom.CtrlComp = ctrlComp;
            DomainHdrInit(cpu, ctrlComp!, res.Rid, dom.CtrlHdr);
            dom.CtrlHdr.Type = DomainType.Control;
            err = _k.Fs.OnlineCtrlDomain(res.Rid, dom.CtrlHdr);
            if (err != 0)
                goto free_domain;

            DomainInsert(res.CtrlDomains, CtrlHdrOf, dom);
        }
        // not alloc_capable: no control domain

        if (IsMainline && res.MonCapable)                           // stage: monitors came with mainline
        {
            // The L3's ids are used even where another class backs the monitors: search each
            // event's class for a component holding the CPU. (any_mon_comp is not initialised in
            // the C; every path the harness can reach assigns it or finds no event class, which
            // the model takes as NULL.)
            MpamComponent? anyMonComp = null;
            for (int eventId = QosEvent.First; eventId <= QosEvent.MpamMax; eventId++)
            {
                var mon = _counters[eventId];
                if (mon.Class is null)
                    continue;                                       // no class: nothing to do

                var monComp = FindComponent(mon.Class, cpu);
                dom.MonComp[eventId] = monComp;
                if (monComp is not null)
                    anyMonComp = monComp;
            }
            if (anyMonComp is null)
            {
                // WARN_ON_ONCE(0): never a hit
                err = -Errno.EFAULT;
                goto offline_ctrl_domain;
            }

            DomainHdrInit(cpu, anyMonComp, res.Rid, dom.MonHdr);
            dom.MonHdr.Type = DomainType.Monitor;
            err = _k.Fs.OnlineMonDomain(res.Rid, dom.MonHdr);
            if (err != 0)
                goto offline_ctrl_domain;

            DomainInsert(res.MonDomains, MonHdrOf, dom);
        }
        // not mon_capable: no monitor domain

        return (dom, 0);

    offline_ctrl_domain:
        if (res.AllocCapable)
        {
            OfflineDomainHdr(cpu, res.CtrlDomains, dom, dom.CtrlHdr);
            _k.Fs.OfflineCtrlDomain(res.Rid, dom.CtrlHdr);
        }
    free_domain:
        _k.Kfree(dom.Allocation, Function);                         // kfree(dom)
        return (null, err);
    }

    /// <summary>
    /// mpam_resctrl_get_mon_domain_from_cpu(): the L3 monitor domain whose id is the CPU's L3
    /// cache id (mpam_resctrl_pick_domain_id() uses the L3's ids for everything not a cache).
    /// </summary>
    [CFunction("mpam_resctrl_get_mon_domain_from_cpu", LastRevisionOnly = true)]
    private MainlineDomain? GetMonDomainFromCpu(int cpu)
    {
        const string Function = "mpam_resctrl_get_mon_domain_from_cpu";
        var l3 = _controls[RdtResourceL3];
        _k.Rules.AssertCpusHeld(Function);

        if (l3.Class is null)
            return null;
        int cacheId = _k.Topology.CacheId(cpu, 3);
        if (cacheId < 0)
            return null;

        _k.Rules.CheckRcuListWalk(Function, "&l3->resctrl_res.mon_domains", lockdepCondition: false);
        foreach (var dom in l3.MonDomains)
        {
            if (!_k.ListVisit(dom.Allocation, Function))
                break;
            if (dom.MonHdr.Id == cacheId)
                return dom;
        }

        return null;
    }

    /// <summary>
    /// mpam_resctrl_get_domain_from_cpu(): the listed control domain whose component's affinity
    /// holds the CPU; for the L3, else its monitor domain (monitor-only platforms).
    /// list_for_each_entry_rcu() with no lockdep condition.
    /// </summary>
    [CFunction("mpam_resctrl_get_domain_from_cpu")]
    private MainlineDomain? GetDomainFromCpu(int cpu, MainlineResource res)
    {
        const string Function = "mpam_resctrl_get_domain_from_cpu";
        _k.Rules.AssertCpusHeld(Function);

        _k.Rules.CheckRcuListWalk(Function, "&r->ctrl_domains", lockdepCondition: false);
        foreach (var dom in CollectionsMarshal.AsSpan(res.CtrlDomains))   // a list this walk does not change
        {
            if (!_k.ListVisit(dom.Allocation, Function))
                break;
            if (BitOf(dom.CtrlComp!.Affinity, cpu))
                return dom;
        }

        if (!IsMainline)                                            // stage: no monitor domains yet
            return null;

        if (res.Rid != RdtResourceL3)
            return null;

        // For the L3, a CPU may have only a monitor domain (no controls): look there by its L3 id.
        return GetMonDomainFromCpu(cpu);
    }
}
