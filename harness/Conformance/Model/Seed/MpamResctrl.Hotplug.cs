namespace Conformance.Model;

// The cpuhp hooks mpam_devices.c calls while MPAM is enabled.
public sealed partial class MpamResctrl
{
    /// <summary>mpam_resctrl_online_cpu(): 0, or the error of the first resource that failed (earlier resources keep the CPU).</summary>
    [CFunction("mpam_resctrl_online_cpu")]
    public int OnlineCpu(int cpu)
    {
        using var locked = _k.DomainListLock.Lock("mpam_resctrl_online_cpu");   // guard(mutex)
        foreach (var res in _controls)
        {
            if (res.Class is null)
                continue;                                           // no class: nothing to do

            var dom = new DomainOrError(GetDomainFromCpu(cpu, res), 0);
            if (dom.IsNull)
            {
                dom = AllocDomain(cpu, res);
                // variant: iserr-after-alloc. The reviewer's suggestion: check right after the allocation.
                if (IsErrAfterAlloc && dom.IsErr)
                    return dom.Error;
            }
            else
            {
                if (res.AllocCapable)
                    OnlineDomainHdr(cpu, dom.Domain!.Hdr);
            }

            // The patch checks after the if/else (so a found domain is checked too; it is never an error).
            if (!IsErrAfterAlloc && dom.IsErr)
                return dom.Error;
        }

        _k.Fs.OnlineCpu(cpu);                                       // resctrl_online_cpu()
        return 0;
    }

    /// <summary>mpam_resctrl_offline_cpu(): tells resctrl first, then shrinks or frees each resource's domain.</summary>
    [CFunction("mpam_resctrl_offline_cpu")]
    public void OfflineCpu(int cpu)
    {
        _k.Fs.OfflineCpu(cpu);                                      // resctrl_offline_cpu()

        using var locked = _k.DomainListLock.Lock("mpam_resctrl_offline_cpu");
        foreach (var res in _controls)
        {
            if (res.Class is null)
                continue;                                           // no class: nothing to do

            var dom = GetDomainFromCpu(cpu, res);
            if (_k.Warns.WarnOnOnce(OfflineCpuNoDomain, dom is null))
                continue;

            bool ctrlDomEmpty;
            if (res.AllocCapable)
            {
                ctrlDomEmpty = OfflineDomainHdr(cpu, res, dom!);
                if (ctrlDomEmpty)
                    _k.Fs.OfflineCtrlDomain(res.Rid, dom!.Hdr);         // resctrl_offline_ctrl_domain()
            }
            else
            {
                ctrlDomEmpty = true;
            }

            if (ctrlDomEmpty)
                _k.Kfree(dom!.Allocation, "mpam_resctrl_offline_cpu");  // kfree(dom)
        }
    }
}
