using Conformance.Observation;

namespace Conformance.Model;

/// <summary>struct rdt_domain_hdr: list membership, id, type, rid and cpu mask.</summary>
/// <remarks>
/// The mask is written only through <see cref="SetCpu"/> and <see cref="ClearCpu"/>, as the
/// C side's cpumask stand-ins are, so that <see cref="MaskVersion"/> counts its changes: a
/// snapshot copies only the masks that changed since it last saw them.
/// </remarks>
public sealed class DomainHeader(int maskWords)
{
    private readonly ulong[] _cpuMask = new ulong[maskWords];

    public int Id { get; set; }
    /// <summary>enum resctrl_domain_type; kzalloc leaves it 0, which is RESCTRL_CTRL_DOMAIN.</summary>
    public int Type { get; set; }
    public int Rid { get; set; }
    public ReadOnlySpan<ulong> CpuMask => _cpuMask;
    public int CpuCount => CpuMaskBits.Count(_cpuMask);

    /// <summary>How many times the mask changed.</summary>
    public long MaskVersion { get; private set; }

    /// <summary>cpumask_set_cpu().</summary>
    public void SetCpu(int cpu)
    {
        if (!CpuMaskBits.Test(_cpuMask, cpu))
            MaskVersion++;
        CpuMaskBits.Set(_cpuMask, cpu);
    }

    /// <summary>cpumask_clear_cpu().</summary>
    public void ClearCpu(int cpu)
    {
        if (CpuMaskBits.Test(_cpuMask, cpu))
            MaskVersion++;
        CpuMaskBits.Clear(_cpuMask, cpu);
    }
}
