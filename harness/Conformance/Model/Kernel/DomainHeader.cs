using Conformance.Observation;

namespace Conformance.Model;

/// <summary>struct rdt_domain_hdr: list membership, id, type, rid and cpu mask.</summary>
public sealed class DomainHeader(int maskWords)
{
    public int Id { get; set; }
    /// <summary>enum resctrl_domain_type; kzalloc leaves it 0, which is RESCTRL_CTRL_DOMAIN.</summary>
    public int Type { get; set; }
    public int Rid { get; set; }
    public ulong[] CpuMask { get; } = new ulong[maskWords];
    public int CpuCount => CpuMaskBits.Count(CpuMask);
}
