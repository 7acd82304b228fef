using System.Runtime.InteropServices;
using Conformance.Observation;

namespace Conformance.Model;

// Domain headers, the sorted RCU list, allocation and lookup.
public sealed partial class MpamResctrl
{
    /// <summary>mpam_resctrl_domain_hdr_init().</summary>
    [CFunction("mpam_resctrl_domain_hdr_init")]
    private void DomainHdrInit(int cpu, MpamComponent comp, int rid, DomainHeader hdr)
    {
        _k.Rules.AssertCpusHeld("mpam_resctrl_domain_hdr_init");
        hdr.Id = PickDomainId(cpu, comp);
        hdr.Rid = rid;
        hdr.SetCpu(cpu);                          // not listed yet: no generation bump
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
    /// mpam_resctrl_offline_domain_hdr(): the CPU leaves; if it was the last one the domain leaves
    /// its list (list_del_rcu + synchronize_rcu) and true says the caller may free it.
    /// </summary>
    [CFunction("mpam_resctrl_offline_domain_hdr")]
    private bool OfflineDomainHdr(int cpu, ResctrlResource res, ResctrlDomain dom)
    {
        _k.Rules.AssertHeld(_k.DomainListLock, "mpam_resctrl_offline_domain_hdr");

        if (CpuMaskBits.Test(dom.Hdr.CpuMask, cpu))
            _k.Generation++;
        dom.Hdr.ClearCpu(cpu);
        if (CpuMaskBits.IsEmpty(dom.Hdr.CpuMask))
        {
            _k.ListDelRcu(res.CtrlDomains, dom, dom.Hdr, "mpam_resctrl_offline_domain_hdr");   // list_del_rcu()
            _k.Rules.RcuUnlinked(dom.Allocation);
            _k.Generation++;
            _k.SynchronizeRcu("mpam_resctrl_offline_domain_hdr");
            return true;
        }
        return false;
    }

    /// <summary>
    /// resctrl_find_domain(): walks a list sorted by ascending id; the domain with that id, or
    /// null with <paramref name="pos"/> at the first larger id (or the end), so that inserting at
    /// pos keeps the list sorted.
    /// </summary>
    private ResctrlDomain? ResctrlFindDomain(List<ResctrlDomain> list, int id, out int pos)
    {
        for (pos = 0; pos < list.Count && _k.ListVisit(list[pos].Allocation, "resctrl_find_domain"); pos++)
        {
            if (list[pos].Hdr.Id == id)
                return list[pos];
            if (id < list[pos].Hdr.Id)
                break;
        }
        return null;
    }

    /// <summary>mpam_resctrl_domain_insert(): sorted insert; an existing id is a WARN and the new domain is dropped on the floor.</summary>
    [CFunction("mpam_resctrl_domain_insert")]
    private void DomainInsert(List<ResctrlDomain> list, ResctrlDomain dom)
    {
        _k.Rules.AssertHeld(_k.DomainListLock, "mpam_resctrl_domain_insert");

        var err = ResctrlFindDomain(list, dom.Hdr.Id, out int pos);
        if (_k.Warns.WarnOnOnce(DomainInsertFound, err is not null))
            return;

        _k.ListAddTailRcu(list, pos, dom, dom.Hdr, "mpam_resctrl_domain_insert");   // list_add_tail_rcu(&new->list, pos)
        _k.Generation++;
    }

    /// <summary>mpam_resctrl_alloc_domain(): a new domain for the first CPU of a component to come online.</summary>
    [CFunction("mpam_resctrl_alloc_domain")]
    private DomainOrError AllocDomain(int cpu, ResctrlResource res)
    {
        const string Function = "mpam_resctrl_alloc_domain";
        var mpamClass = res.Class!;
        _k.Rules.AssertHeld(_k.DomainListLock, Function);

        // variant: early-alloc-check. The reviewer's second suggestion: refuse before looking for a component.
        if (EarlyAllocCheck && !res.AllocCapable)
            return DomainOrError.ErrPtr(-Errno.EINVAL);             // not alloc_capable: refused early

        MpamComponent? ctrlComp = null;
        using var srcu = _k.Rules.Readers.SrcuReadLock();           // guard(srcu)(&mpam_srcu), to the end of the function
        _k.Rules.CheckSrcuListWalk(Function, "&class->components", _k.Rules.Readers.SrcuDepth > 0);
        foreach (var compIter in mpamClass.ComponentList)
        {
            if (CpuMaskBits.Test(compIter.Affinity, cpu))
            {
                ctrlComp = compIter;
                break;
            }
        }

        // no component of the class holds the CPU
        if (_k.Warns.WarnOnOnce(AllocDomainNoComponent, ctrlComp is null))
            return DomainOrError.ErrPtr(-Errno.EINVAL);

        long allocation = _k.Ledger.Allocate(_k.Topology.NodeOf(cpu), Function, _k.Sizes.Domain, res.Rid);   // kzalloc_node()
        if (allocation == 0)
            return DomainOrError.ErrPtr(-Errno.ENOMEM);
        var dom = new ResctrlDomain(allocation, _k.Topology.MaskWords, _k.MaskWrites);

        int err;
        if (res.AllocCapable)
        {
            dom.CtrlComp = ctrlComp;
            DomainHdrInit(cpu, ctrlComp!, res.Rid, dom.Hdr);
            dom.Hdr.Type = DomainType.Control;
            err = _k.Fs.OnlineCtrlDomain(res.Rid, dom.Hdr);
            if (err != 0)
                goto free_domain;

            DomainInsert(res.CtrlDomains, dom);
        }
        else
        {
            // not alloc_capable, no control domain: the patch hands back a
            // domain that is on no list, with no component. Its caller cannot find it again.
        }
        return dom;

    free_domain:
        _k.Kfree(dom.Allocation, Function);                         // kfree(dom)
        return DomainOrError.ErrPtr(err);
    }

    /// <summary>
    /// mpam_resctrl_get_domain_from_cpu(): the listed domain whose component's affinity holds the
    /// CPU (not the domain's own mask). list_for_each_entry_rcu() with no lockdep condition.
    /// </summary>
    [CFunction("mpam_resctrl_get_domain_from_cpu")]
    private ResctrlDomain? GetDomainFromCpu(int cpu, ResctrlResource res)
    {
        const string Function = "mpam_resctrl_get_domain_from_cpu";
        _k.Rules.AssertCpusHeld(Function);

        _k.Rules.CheckRcuListWalk(Function, "&r->ctrl_domains", lockdepCondition: false);
        foreach (var dom in CollectionsMarshal.AsSpan(res.CtrlDomains))   // a list this walk does not change
        {
            if (!_k.ListVisit(dom.Allocation, Function))
                break;
            if (CpuMaskBits.Test(dom.CtrlComp!.Affinity, cpu))
                return dom;
        }

        return null;
    }
}
