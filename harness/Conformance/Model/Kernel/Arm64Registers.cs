using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// What arm64 keeps of MPAM0_EL1 for resctrl, as stand_in_arm64.h keeps it: each task's value
/// (thread.mpam_partid_pmg), the global default, each CPU's default (arm64_mpam_default) and each
/// CPU's register as the last switch-in wrote it (arm64_mpam_current). Task 0 is current, running
/// on whichever CPU asks; the others never run; nothing switches a task in but the file.
/// </summary>
public sealed class Arm64Registers
{
    /// <summary>The task `current` names.</summary>
    public const int Current = 0;

    private readonly ulong[] _tasks = new ulong[RegisterObservation.TaskCount];
    private readonly ulong[] _cpuDefaults = new ulong[MpamTopology.MaxCpus];
    private readonly ulong[] _cpuCurrent = new ulong[MpamTopology.MaxCpus];

    /// <summary>The tasks there are; for_each_process_thread() visits them in order.</summary>
    public int TaskCount => _tasks.Length;

    /// <summary>mpam_get_regval(): task->thread.mpam_partid_pmg.</summary>
    public ulong TaskValue(int task) => _tasks[task];

    /// <summary>arm64_mpam_global_default.</summary>
    public ulong GlobalDefault { get; set; }

    /// <summary>Moves with every write of a CPU's default or register, and at a reset: the runs are made again only when it moved.</summary>
    public ulong CpuRegisterWrites { get; private set; }

    /// <summary>mpam_set_task_partid_pmg().</summary>
    public void SetTaskPartidPmg(int task, ushort partidD, ushort partidI, byte pmgD, byte pmgI) =>
        _tasks[task] = RegisterText.Regval(partidD, partidI, pmgD, pmgI);

    /// <summary>mpam_set_cpu_defaults().</summary>
    public void SetCpuDefaults(int cpu, ushort partidD, ushort partidI, byte pmgD, byte pmgI)
    {
        _cpuDefaults[cpu] = RegisterText.Regval(partidD, partidI, pmgD, pmgI);
        CpuRegisterWrites++;
    }

    /// <summary>
    /// mpam_thread_switch() of <paramref name="task"/> on <paramref name="cpu"/>: with MPAM enabled, a
    /// task in the default group (its value is the global default) runs with the CPU's default; the
    /// register is written only when it changes.
    /// </summary>
    public void ThreadSwitch(int task, int cpu, bool mpamEnabled)
    {
        ulong regval = _tasks[task];

        if (!mpamEnabled)
            return;
        if (regval == GlobalDefault)
            regval = _cpuDefaults[cpu];
        if (_cpuCurrent[cpu] == regval)
            return;
        _cpuCurrent[cpu] = regval;
        CpuRegisterWrites++;
    }

    internal void Reset()
    {
        Array.Clear(_tasks);
        GlobalDefault = 0;
        Array.Clear(_cpuDefaults);
        Array.Clear(_cpuCurrent);
        CpuRegisterWrites++;
    }

    // The version and possible CPUs the snapshot's runs were last made for.
    private (ulong Writes, int NrCpuIds) _written = (ulong.MaxValue, -1);

    /// <summary>The registers into the snapshot; the CPUs' runs kept when <paramref name="retained"/> and nothing they are made of moved.</summary>
    internal void Write(StateSnapshot snapshot, int nrCpuIds, bool retained)
    {
        _tasks.CopyTo((Span<ulong>)snapshot.Registers.Tasks);
        snapshot.Registers.GlobalDefault = GlobalDefault;
        if (retained && _written == (CpuRegisterWrites, nrCpuIds))
        {
            snapshot.KeepCpuRegisters();
            return;
        }
        for (int cpu = 0; cpu < nrCpuIds; cpu++)
            snapshot.AddCpuRegisters(cpu, cpu, _cpuDefaults[cpu], _cpuCurrent[cpu]);
        _written = (CpuRegisterWrites, nrCpuIds);
    }
}
