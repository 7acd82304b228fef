using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// What arm64 keeps of MPAM0_EL1 for resctrl, as stand_in_arm64.h keeps it: the one task's value
/// (thread.mpam_partid_pmg), the global default and each CPU's default. What a context switch
/// writes to a CPU's registers is not modelled, as the stand-in's mpam_thread_switch() does nothing.
/// </summary>
public sealed class Arm64Registers
{
    private readonly ulong[] _cpuDefaults = new ulong[MpamTopology.MaxCpus];

    /// <summary>current->thread.mpam_partid_pmg.</summary>
    public ulong Task { get; private set; }

    /// <summary>arm64_mpam_global_default.</summary>
    public ulong GlobalDefault { get; set; }

    /// <summary>Moves with every write of a CPU's default, and at a reset: the runs are made again only when it moved.</summary>
    public ulong CpuDefaultWrites { get; private set; }

    /// <summary>mpam_set_task_partid_pmg().</summary>
    public void SetTaskPartidPmg(ushort partidD, ushort partidI, byte pmgD, byte pmgI) =>
        Task = RegisterText.Regval(partidD, partidI, pmgD, pmgI);

    /// <summary>mpam_set_cpu_defaults().</summary>
    public void SetCpuDefaults(int cpu, ushort partidD, ushort partidI, byte pmgD, byte pmgI)
    {
        _cpuDefaults[cpu] = RegisterText.Regval(partidD, partidI, pmgD, pmgI);
        CpuDefaultWrites++;
    }

    public ulong CpuDefault(int cpu) => _cpuDefaults[cpu];

    internal void Reset()
    {
        Task = 0;
        GlobalDefault = 0;
        Array.Clear(_cpuDefaults);
        CpuDefaultWrites++;
    }

    // The version and possible CPUs the snapshot's runs were last made for.
    private (ulong Writes, int NrCpuIds) _written = (ulong.MaxValue, -1);

    /// <summary>The registers into the snapshot; the CPUs' runs kept when <paramref name="retained"/> and nothing they are made of moved.</summary>
    internal void Write(StateSnapshot snapshot, int nrCpuIds, bool retained)
    {
        snapshot.Registers.Task = Task;
        snapshot.Registers.GlobalDefault = GlobalDefault;
        if (retained && _written == (CpuDefaultWrites, nrCpuIds))
        {
            snapshot.KeepCpuDefaults();
            return;
        }
        for (int cpu = 0; cpu < nrCpuIds; cpu++)
            snapshot.AddCpuDefault(cpu, _cpuDefaults[cpu]);
        _written = (CpuDefaultWrites, nrCpuIds);
    }
}
