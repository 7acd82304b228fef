using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// The CPU hotplug core as far as one dynamic cpuhp state (MPAM's "mpam:online") can see it:
/// which CPUs it holds online, whether the state is installed, and when it runs the state's
/// startup and teardown callbacks.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Bringing up a CPU it holds online, or taking down one it holds offline, runs nothing:
/// <see cref="StepRc.NotRun"/>.</item>
/// <item>A failed startup callback during cpu up leaves the CPU offline (the core rolls back
/// the states below ours, which nothing here observes; our own teardown is not run).</item>
/// <item>Every callback runs with the hotplug lock held as lockdep sees it.</item>
/// <item>The harness lets the last online CPU go down too (a real kernel refuses with -EBUSY);
/// scenarios stay simpler and nothing of the patch depends on it.</item>
/// </list>
/// </remarks>
public sealed class HotplugCore
{
    private readonly KernelContext kernel;

    public HotplugCore(KernelContext kernel)
    {
        this.kernel = kernel;
        kernel.Hotplug = this;                                      // cpu_online_mask is the core's
    }

    private ulong[] _online = [];
    private Func<int, int>? _startup;
    private Action<int>? _teardown;
    // The CPU whose startup callbacks are running: already in cpu_online_mask, not yet online to the core.
    private int _comingUp = -1;

    /// <summary>The CPUs the core holds online.</summary>
    public ReadOnlySpan<ulong> OnlineMask => _online;

    public bool StateInstalled => _startup is not null;

    public bool IsOnline(int cpu) => CpuMaskBits.Test(_online, cpu);

    /// <summary>
    /// cpumask_test_cpu(cpu, cpu_online_mask): the CPUs the core holds online and the one coming up,
    /// which the dynamic AP states see in the mask already. A CPU going down is in it until its
    /// callbacks have run.
    /// </summary>
    public bool InCpuOnlineMask(int cpu) => IsOnline(cpu) || cpu == _comingUp;

    internal void Reset(int nrCpuIds)
    {
        _online = new ulong[CpuMaskBits.WordsFor(nrCpuIds)];
        _startup = null;
        _teardown = null;
        _comingUp = -1;
    }

    /// <summary>cpu_up() of one CPU: runs the startup callback if the state is installed.</summary>
    public int CpuUp(int cpu)
    {
        if (IsOnline(cpu))
            return StepRc.NotRun;
        kernel.ThisCpu = cpu;                                       // the callbacks run on the CPU coming up
        if (_startup is not null)
        {
            int rc;
            _comingUp = cpu;
            using (kernel.Rules.CpusLock.Hold())
                rc = _startup(cpu);
            _comingUp = -1;
            if (rc != 0)
                return rc;
        }
        CpuMaskBits.Set(_online, cpu);
        return 0;
    }

    /// <summary>cpu_down() of one CPU: runs the teardown callback if the state is installed.</summary>
    public int CpuDown(int cpu)
    {
        if (!IsOnline(cpu))
            return StepRc.NotRun;
        kernel.ThisCpu = cpu;
        if (_teardown is not null)
            using (kernel.Rules.CpusLock.Hold())
                _teardown(cpu);
        CpuMaskBits.Clear(_online, cpu);
        return 0;
    }

    /// <summary>
    /// cpuhp_setup_state(): runs <paramref name="startup"/> for every CPU the core holds online,
    /// ascending. If one fails, cpuhp_rollback_install() runs <paramref name="teardown"/> for the
    /// online CPUs below the one that failed, in the same ascending order the kernel walks
    /// for_each_present_cpu(), the state is not installed and the error is returned. The CPUs
    /// stay online either way: installing a state does not take CPUs down.
    /// </summary>
    public int SetupState(Func<int, int> startup, Action<int> teardown)
    {
        using var cpusLocked = kernel.Rules.CpusLock.Hold();       // cpus_read_lock()
        for (int cpu = CpuMaskBits.Next(_online, 0); cpu >= 0; cpu = CpuMaskBits.Next(_online, cpu + 1))
        {
            kernel.ThisCpu = cpu;                                   // each startup runs on its CPU (the rollback's teardowns do not move)
            int rc = startup(cpu);
            if (rc == 0)
                continue;
            for (int done = CpuMaskBits.Next(_online, 0); done >= 0 && done < cpu; done = CpuMaskBits.Next(_online, done + 1))
                teardown(done);
            return rc;
        }
        _startup = startup;
        _teardown = teardown;
        return 0;
    }
}
