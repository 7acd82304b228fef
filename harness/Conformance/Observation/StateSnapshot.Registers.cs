namespace Conformance.Observation;

/// <summary>
/// The MPAM0_EL1 values the file left: the task's, the global default, and every possible CPU's
/// default and register, the CPUs' as runs of equal pairs (one run for a machine whose CPUs all
/// share them).
/// </summary>
public sealed partial class StateSnapshot
{
    public RegisterObservation Registers;

    /// <summary>Every possible CPU's default MPAM0_EL1 value and MPAM0_EL1, in CPU order, as runs of equal pairs.</summary>
    public RowBuffer<CpuRegisterRun> CpuRegisters => _cpuRegisters.Rows;

    private readonly KeptRows<CpuRegisterRun> _cpuRegisters = new(1);

    /// <summary>
    /// This fill's CPU registers are the last fill's: its side knows none was written and the
    /// possible CPUs are the same since it filled this snapshot. Called before any run is added.
    /// </summary>
    public void KeepCpuRegisters() => _cpuRegisters.Keep("CPU registers");

    /// <summary>Adds CPUs <paramref name="first"/>..<paramref name="last"/>, which share a pair: to the last run when they follow it with the same values.</summary>
    public void AddCpuRegisters(int first, int last, ulong dflt, ulong current)
    {
        if (CpuRegisters.Count > 0)
        {
            ref var run = ref CpuRegisters[CpuRegisters.Count - 1];
            if (run.Default == dflt && run.Current == current && run.LastCpu + 1 == first)
            {
                run.LastCpu = last;
                return;
            }
        }
        CpuRegisters.Add(new CpuRegisterRun { FirstCpu = first, LastCpu = last, Default = dflt, Current = current });
    }

    /// <summary>CPU <paramref name="cpu"/>'s pair, or null past the possible CPUs.</summary>
    public CpuRegisterRun? CpuRegistersOf(int cpu)
    {
        foreach (ref readonly var run in CpuRegisters.AsSpan())
            if (cpu >= run.FirstCpu && cpu <= run.LastCpu)
                return run;
        return null;
    }

    private void BeginRegisters()
    {
        Registers = default;
        _cpuRegisters.Begin();
    }

    // The CPUs' runs are compared again only where a side made them again since both agreed.
    private bool SameRegisters(StateSnapshot other, bool agreedAtLastFill)
    {
        if (!((ReadOnlySpan<ulong>)Registers.Tasks).SequenceEqual(other.Registers.Tasks) || Registers.GlobalDefault != other.Registers.GlobalDefault)
            return false;
        if (KeptRows<CpuRegisterRun>.BothKept(_cpuRegisters, other._cpuRegisters, agreedAtLastFill))
            return true;
        if (CpuRegisters.Count != other.CpuRegisters.Count)
            return false;
        var a = CpuRegisters.AsSpan();
        var b = other.CpuRegisters.AsSpan();
        for (int i = 0; i < a.Length; i++)
            if (a[i].FirstCpu != b[i].FirstCpu || a[i].LastCpu != b[i].LastCpu || a[i].Default != b[i].Default || a[i].Current != b[i].Current)
                return false;
        return true;
    }

    private void DiffRegisters(StateSnapshot other, Action<string, string, string> add)
    {
        for (int t = 0; t < RegisterObservation.TaskCount; t++)
            add(t == 0 ? "task 0 (current) MPAM0_EL1" : $"task {t} MPAM0_EL1", RegisterText.Format(Registers.Tasks[t]), RegisterText.Format(other.Registers.Tasks[t]));
        add("global default MPAM0_EL1", RegisterText.Format(Registers.GlobalDefault), RegisterText.Format(other.Registers.GlobalDefault));
        // The CPUs that differ, not every CPU: at 4096 CPUs the whole lists would be most of a megabyte.
        var (left, right) = RegisterText.Differences(CpuRegisters.AsSpan(), other.CpuRegisters.AsSpan(), current: false);
        add("CPU default MPAM0_EL1", left, right);
        (left, right) = RegisterText.Differences(CpuRegisters.AsSpan(), other.CpuRegisters.AsSpan(), current: true);
        add("CPU MPAM0_EL1", left, right);
    }

    private void CopyRegistersFrom(StateSnapshot other)
    {
        Registers = other.Registers;
        other.CpuRegisters.AsSpan().CopyTo(CpuRegisters.Resize(other.CpuRegisters.Count));
    }
}
