using System.Globalization;
using System.Text;

namespace Conformance.Observation;

/// <summary>MPAM0_EL1 values as reports print them: the fields, not the raw value.</summary>
public static class RegisterText
{
    // MPAM0_EL1's fields, as the architecture lays them out.
    public static ushort PartidI(ulong regval) => (ushort)regval;
    public static ushort PartidD(ulong regval) => (ushort)(regval >> 16);
    public static byte PmgI(ulong regval) => (byte)(regval >> 32);
    public static byte PmgD(ulong regval) => (byte)(regval >> 40);

    /// <summary>The value mpam_set_task_partid_pmg() and mpam_set_cpu_defaults() make of their arguments.</summary>
    public static ulong Regval(ushort partidD, ushort partidI, byte pmgD, byte pmgI) =>
        partidI | (ulong)partidD << 16 | (ulong)pmgI << 32 | (ulong)pmgD << 40;

    /// <summary>"partid d=2 i=3 pmg d=1 i=1".</summary>
    public static string Format(ulong regval) => string.Create(CultureInfo.InvariantCulture,
        $"partid d={PartidD(regval)} i={PartidI(regval)} pmg d={PmgD(regval)} i={PmgI(regval)}");

    /// <summary>Groups of CPUs a report names, at most: a line stays one a reviewer can paste.</summary>
    public const int GroupsShown = 8;

    /// <summary>
    /// The CPUs' defaults (or, with <paramref name="current"/>, their registers) as "CPUs 0-3:
    /// partid d=0 i=0 pmg d=0 i=0; CPU 4: ...", neighbours with equal values joined, the first
    /// <see cref="GroupsShown"/> groups named and the rest counted; "none" before a topology.
    /// </summary>
    public static string Runs(ReadOnlySpan<CpuRegisterRun> runs, bool current)
    {
        if (runs.IsEmpty)
            return "none";
        var text = new Groups();
        for (int i = 0; i < runs.Length;)
        {
            ulong value = current ? runs[i].Current : runs[i].Default;
            int first = runs[i].FirstCpu, last = runs[i].LastCpu;
            for (i++; i < runs.Length && (current ? runs[i].Current : runs[i].Default) == value && runs[i].FirstCpu == last + 1; i++)
                last = runs[i].LastCpu;
            text.Add(first, last, value);
        }
        return text.ToString();
    }

    /// <summary>
    /// Where two sides' CPU defaults (or registers) differ: the CPUs whose values differ, grouped
    /// where neighbours differ alike, as each side has them; the first <see cref="GroupsShown"/>
    /// groups named and the rest counted. A CPU one side does not have reads "none" there.
    /// </summary>
    public static (string Left, string Right) Differences(ReadOnlySpan<CpuRegisterRun> left, ReadOnlySpan<CpuRegisterRun> right, bool current)
    {
        var a = PerCpu(left, current);
        var b = PerCpu(right, current);
        int cpus = Math.Max(a.Length, b.Length);
        ulong? At(ulong[] values, int cpu) => cpu < values.Length ? values[cpu] : null;
        var leftText = new Groups();
        var rightText = new Groups();
        for (int cpu = 0; cpu < cpus;)
        {
            ulong? x = At(a, cpu), y = At(b, cpu);
            int first = cpu;
            while (++cpu < cpus && At(a, cpu) == x && At(b, cpu) == y)
            {
            }
            if (x == y)
                continue;
            leftText.Add(first, cpu - 1, x);
            rightText.Add(first, cpu - 1, y);
        }
        return (leftText.ToString(), rightText.ToString());
    }

    private static ulong[] PerCpu(ReadOnlySpan<CpuRegisterRun> runs, bool current)
    {
        var values = new ulong[runs.IsEmpty ? 0 : runs[^1].LastCpu + 1];
        foreach (ref readonly var run in runs)
            values.AsSpan(run.FirstCpu, run.LastCpu - run.FirstCpu + 1).Fill(current ? run.Current : run.Default);
        return values;
    }

    // "CPUs 0-3: value; CPU 4: value", the first GroupsShown named, the CPUs of the rest counted.
    private sealed class Groups
    {
        private readonly StringBuilder _text = new();
        private int _named, _moreCpus;

        public void Add(int first, int last, ulong? value)
        {
            if (_named++ >= GroupsShown)
            {
                _moreCpus += last - first + 1;
                return;
            }
            if (_text.Length > 0)
                _text.Append("; ");
            if (first == last)
                _text.Append(CultureInfo.InvariantCulture, $"CPU {first}: ");
            else
                _text.Append(CultureInfo.InvariantCulture, $"CPUs {first}-{last}: ");
            _text.Append(value is { } v ? Format(v) : "none");
        }

        public override string ToString() => _moreCpus == 0 ? _text.ToString()
            : _text.Append("; and ").Append(Results.Counted.Of(_moreCpus, "more CPU")).ToString();
    }
}
