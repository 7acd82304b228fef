namespace Conformance.Observation;

/// <summary>
/// The MPAM0_EL1 values the file left: the task's, the global default and every possible CPU's
/// default, the CPUs' as runs of equal values (one run for a machine whose CPUs all share one).
/// </summary>
public sealed partial class StateSnapshot
{
    public RegisterObservation Registers;

    /// <summary>Every possible CPU's default MPAM0_EL1 value, in CPU order, as runs of equal values.</summary>
    public RowBuffer<CpuDefaultRun> CpuDefaults { get; private set; } = new(1);

    // The last fill's runs, set aside by this fill: KeepCpuDefaults takes them back.
    private RowBuffer<CpuDefaultRun> _lastCpuDefaults = new(1);

    /// <summary>
    /// This fill's CPU defaults are the last fill's: its side knows none was written and the
    /// possible CPUs are the same since it filled this snapshot. Called before any run is added.
    /// </summary>
    public void KeepCpuDefaults()
    {
        if (CpuDefaults.Count != 0)
            throw new InvalidOperationException("CPU defaults were added to this fill before the last fill's were kept");
        (CpuDefaults, _lastCpuDefaults) = (_lastCpuDefaults, CpuDefaults);
    }

    /// <summary>Adds CPU <paramref name="cpu"/>'s default: to the last run when it follows it with the same value.</summary>
    public void AddCpuDefault(int cpu, ulong regval)
    {
        if (CpuDefaults.Count > 0)
        {
            ref var last = ref CpuDefaults[CpuDefaults.Count - 1];
            if (last.Regval == regval && last.LastCpu + 1 == cpu)
            {
                last.LastCpu = cpu;
                return;
            }
        }
        CpuDefaults.Add(new CpuDefaultRun { FirstCpu = cpu, LastCpu = cpu, Regval = regval });
    }

    private void BeginRegisters()
    {
        Registers = default;
        (CpuDefaults, _lastCpuDefaults) = (_lastCpuDefaults, CpuDefaults);
        CpuDefaults.Clear();
    }

    private bool SameRegisters(StateSnapshot other)
    {
        if (Registers.Task != other.Registers.Task || Registers.GlobalDefault != other.Registers.GlobalDefault
            || CpuDefaults.Count != other.CpuDefaults.Count)
            return false;
        var a = CpuDefaults.AsSpan();
        var b = other.CpuDefaults.AsSpan();
        for (int i = 0; i < a.Length; i++)
            if (a[i].FirstCpu != b[i].FirstCpu || a[i].LastCpu != b[i].LastCpu || a[i].Regval != b[i].Regval)
                return false;
        return true;
    }

    private void DiffRegisters(StateSnapshot other, Action<string, string, string> add)
    {
        add("task MPAM0_EL1", RegisterText.Format(Registers.Task), RegisterText.Format(other.Registers.Task));
        add("global default MPAM0_EL1", RegisterText.Format(Registers.GlobalDefault), RegisterText.Format(other.Registers.GlobalDefault));
        add("CPU default MPAM0_EL1", RegisterText.Runs(CpuDefaults.AsSpan()), RegisterText.Runs(other.CpuDefaults.AsSpan()));
    }

    private void CopyRegistersFrom(StateSnapshot other)
    {
        Registers = other.Registers;
        other.CpuDefaults.AsSpan().CopyTo(CpuDefaults.Resize(other.CpuDefaults.Count));
    }
}
