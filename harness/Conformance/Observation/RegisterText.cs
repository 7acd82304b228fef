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

    /// <summary>
    /// The CPUs' defaults (or, with <paramref name="current"/>, their registers) as "CPUs 0-3:
    /// partid d=0 i=0 pmg d=0 i=0; CPU 4: ...", neighbours with equal values joined; "none"
    /// before a topology.
    /// </summary>
    public static string Runs(ReadOnlySpan<CpuRegisterRun> runs, bool current)
    {
        if (runs.IsEmpty)
            return "none";
        var text = new StringBuilder();
        for (int i = 0; i < runs.Length;)
        {
            ulong value = current ? runs[i].Current : runs[i].Default;
            int first = runs[i].FirstCpu, last = runs[i].LastCpu;
            for (i++; i < runs.Length && (current ? runs[i].Current : runs[i].Default) == value && runs[i].FirstCpu == last + 1; i++)
                last = runs[i].LastCpu;
            if (text.Length > 0)
                text.Append("; ");
            if (first == last)
                text.Append(CultureInfo.InvariantCulture, $"CPU {first}: ");
            else
                text.Append(CultureInfo.InvariantCulture, $"CPUs {first}-{last}: ");
            text.Append(Format(value));
        }
        return text.ToString();
    }
}
