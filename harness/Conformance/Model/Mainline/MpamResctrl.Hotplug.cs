namespace Conformance.Model.Mainline;

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

            var dom = GetDomainFromCpu(cpu, res);
            if (dom is null)
            {
                var (allocated, err) = AllocDomain(cpu, res);
                if (allocated is null)
                    return err;                                     // IS_ERR(dom): PTR_ERR(dom)
            }
            else
            {
                if (res.AllocCapable)
                    OnlineDomainHdr(cpu, dom.CtrlHdr);
                if (IsMainline && res.MonCapable)                   // stage: monitors came with mainline
                    OnlineDomainHdr(cpu, dom.MonHdr);
            }
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

            bool ctrlDomEmpty, monDomEmpty;
            if (res.AllocCapable)
            {
                ctrlDomEmpty = OfflineDomainHdr(cpu, res.CtrlDomains, dom!, dom!.CtrlHdr);
                if (ctrlDomEmpty)
                    _k.Fs.OfflineCtrlDomain(res.Rid, dom.CtrlHdr);  // resctrl_offline_ctrl_domain()
            }
            else
            {
                ctrlDomEmpty = true;
            }

            if (IsMainline && res.MonCapable)                       // stage: monitors came with mainline
            {
                monDomEmpty = OfflineDomainHdr(cpu, res.MonDomains, dom!, dom!.MonHdr);
                if (monDomEmpty)
                    _k.Fs.OfflineMonDomain(res.Rid, dom.MonHdr);    // resctrl_offline_mon_domain()
            }
            else
            {
                monDomEmpty = true;
            }

            if (ctrlDomEmpty && monDomEmpty)
                _k.Kfree(dom!.Allocation, "mpam_resctrl_offline_cpu");  // kfree(dom)
        }
    }
}
