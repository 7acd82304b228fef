using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// What every revision of mpam_resctrl.c has: the hooks mpam_devices.c calls, the three
/// resctrl_arch_* queries, and the table entry a scenario's map row fills.
/// </summary>
public interface IResctrlFile
{
    /// <summary>resctrl_arch_alloc_capable().</summary>
    bool ArchAllocCapable();

    /// <summary>resctrl_arch_get_num_closid().</summary>
    uint ArchGetNumClosid();

    /// <summary>resctrl_arch_get_resource(level): the table entry it returns, null for NULL.</summary>
    object? ArchGetResource(uint level);

    /// <summary>mpam_resctrl_controls[rid], for telling its own entry from another pointer.</summary>
    object ControlAt(int rid);

    /// <summary>What the seed's TODO leaves to a scenario: mpam_resctrl_controls[rid].class and alloc_capable.</summary>
    void MapClass(int rid, MpamClass mpamClass, bool allocCapable);

    /// <summary>mpam_resctrl_setup().</summary>
    int Setup();

    /// <summary>mpam_resctrl_online_cpu().</summary>
    int OnlineCpu(int cpu);

    /// <summary>mpam_resctrl_offline_cpu().</summary>
    void OfflineCpu(int cpu);

    /// <summary>What mpam_enable() does for the file before its setup (each component's configuration array).</summary>
    void BeforeSetup();
}

/// <summary>
/// The series' hunks in drivers/resctrl/mpam_devices.c: mpam_enable_once() calls
/// mpam_resctrl_setup(), and the cpuhp callbacks call the resctrl hooks while MPAM is enabled.
/// </summary>
public sealed class MpamDevices
{
    private readonly IResctrlFile _resctrl;
    private readonly HotplugCore _hotplug;
    // Made once: handing the hotplug core a method group per setup would allocate a delegate.
    private readonly Func<int, int> _cpuOnline;
    private readonly Action<int> _cpuOffline;

    public MpamDevices(IResctrlFile resctrl, HotplugCore hotplug)
    {
        _resctrl = resctrl;
        _hotplug = hotplug;
        _cpuOnline = CpuOnline;
        _cpuOffline = CpuOffline;
    }

    /// <summary>mpam_is_enabled(): the static key mpam_enable_once() turns on.</summary>
    public bool MpamEnabled { get; private set; }

    public bool SetupDone { get; private set; }

    /// <summary>What mpam_resctrl_setup() returned (0 before setup).</summary>
    public int SetupResult { get; private set; }

    internal void Reset()
    {
        MpamEnabled = false;
        SetupDone = false;
        SetupResult = 0;
    }

    /// <summary>
    /// mpam_enable_once(): the resctrl setup, then, on success, MPAM enabled and the cpuhp state
    /// installed (which runs the online callback for the CPUs already online). On a setup failure
    /// MPAM stays disabled ("Failed to enable.") and the error is the step's result. If installing
    /// the state fails, MPAM stays enabled (the driver only prints an error) but no callback runs
    /// again. The kernel runs this once; a second call does nothing and reports
    /// <see cref="StepRc.NotRun"/> (vectors may not ask for it).
    /// </summary>
    public int EnableOnce()
    {
        if (SetupDone)
            return StepRc.NotRun;
        SetupDone = true;

        _resctrl.BeforeSetup();
        int err = _resctrl.Setup();
        SetupResult = err;
        if (err != 0)
            return err;                                             // pr_err("Failed to initialise resctrl"), mpam_broken_work

        MpamEnabled = true;                                         // static_branch_enable(&mpam_enabled)
        return _hotplug.SetupState(_cpuOnline, _cpuOffline);        // mpam_register_cpuhp_callbacks(..., "mpam:online")
    }

    /// <summary>mpam_cpu_online(): (MSC reprogramming, not modelled) then the resctrl hook while enabled.</summary>
    private int CpuOnline(int cpu)
    {
        if (MpamEnabled)
            return _resctrl.OnlineCpu(cpu);
        return 0;
    }

    /// <summary>mpam_cpu_offline(): the resctrl hook first while enabled, then (not modelled) the MSCs.</summary>
    private void CpuOffline(int cpu)
    {
        if (MpamEnabled)
            _resctrl.OfflineCpu(cpu);
    }
}
