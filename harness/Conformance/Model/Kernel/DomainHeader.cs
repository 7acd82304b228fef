using Conformance.Observation;

namespace Conformance.Model;

/// <summary>struct rdt_domain_hdr: list membership, id, type, rid and cpu mask.</summary>
/// <remarks>
/// The mask is written only through <see cref="SetCpu"/> and <see cref="ClearCpu"/>, as the
/// C side's cpumask stand-ins are, so that <see cref="MaskVersion"/> counts its changes: a
/// snapshot copies only the masks that changed since it last saw them.
/// </remarks>
public sealed class DomainHeader(int maskWords, MaskWriteLog? writes = null)
{
    private readonly ulong[] _cpuMask = new ulong[maskWords];

    public int Id { get; set; }
    /// <summary>enum resctrl_domain_type; kzalloc leaves it 0, which is RESCTRL_CTRL_DOMAIN.</summary>
    public int Type { get; set; }
    public int Rid { get; set; }
    public ReadOnlySpan<ulong> CpuMask => _cpuMask;

    /// <summary>list.prev is LIST_POISON2: list_del_rcu() unlinked the node, and nothing linked it since.</summary>
    public bool ListPoisoned { get; set; }

    /// <summary>cpumask_weight(), kept as the bits change: at 4096 CPUs a count is 64 words.</summary>
    public int CpuCount { get; private set; }

    /// <summary>How many times the mask changed.</summary>
    public long MaskVersion { get; private set; }

    /// <summary>cpumask_set_cpu().</summary>
    public void SetCpu(int cpu)
    {
        if (CpuMaskBits.Test(_cpuMask, cpu))
            return;
        CpuMaskBits.Set(_cpuMask, cpu);
        CpuCount++;
        Changed(cpu);
    }

    /// <summary>cpumask_clear_cpu().</summary>
    public void ClearCpu(int cpu)
    {
        if (!CpuMaskBits.Test(_cpuMask, cpu))
            return;
        CpuMaskBits.Clear(_cpuMask, cpu);
        CpuCount--;
        Changed(cpu);
    }

    private void Changed(int cpu)
    {
        MaskVersion++;
        writes?.Note(this, cpu >> 6);
    }

    // Not part of struct rdt_domain_hdr: the observer's bookkeeping, kept here so that finding it costs nothing.

    /// <summary>Which taking of the mask write log last noted this header.</summary>
    internal long NotedForTaking;

    /// <summary>The words the changes since that noting are in, and the mask's version before them.</summary>
    internal (int From, int End) ChangedWords;
    internal long VersionBeforeChanges;

    /// <summary>Where the model's snapshot keeps this header's mask (<see cref="ModelSide"/>).</summary>
    internal ObservedPlace Observed;
}

/// <summary>
/// Where a snapshot keeps a header's mask: its home among the snapshot's masks (owned while the
/// header stays listed), the mask version and weight written there, the header's place in the
/// lists at the last walk, and which walk saw it last.
/// </summary>
internal struct ObservedPlace
{
    public long Epoch;
    public int Home;
    public long Version;
    public int Count;
    public int Slot;
    public long SeenAtWalk;
}
