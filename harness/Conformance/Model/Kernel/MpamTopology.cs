using Conformance.Observation;

namespace Conformance.Model;

/// <summary>enum mpam_class_types, by value.</summary>
public enum MpamClassType
{
    Cache = 0,
    Memory = 1,
    Unknown = 2,
}

/// <summary>struct mpam_component: an id and the CPUs it is affine to.</summary>
public sealed class MpamComponent(int id, MpamClass mpamClass, ulong[] affinity)
{
    public int Id { get; } = id;
    public MpamClass Class { get; } = mpamClass;
    public ulong[] Affinity { get; } = affinity;

    /// <summary>
    /// comp->cfg[]: the driver's record of each partid's configuration, allocated by mpam_enable()
    /// (partid_max + 1 entries, all unconfigured) for a revision whose components keep one.
    /// </summary>
    public MpamConfig[]? Cfg { get; internal set; }
}

/// <summary>struct mpam_config: which features are configured (bit n: the revision's nth feature) and their values.</summary>
public struct MpamConfig
{
    public ulong Features;
    public uint Cpbm;
    public uint MbwPbm;
    public ushort MbwMax;

    public readonly bool Has(int feature) => feature is >= 0 and < 64 && (Features >> feature & 1) != 0;

    public void Set(int feature)
    {
        if (feature is >= 0 and < 64)
            Features |= 1UL << feature;
    }
}

/// <summary>A class's merged MPAM properties: which features it has (bit n: the revision's nth feature) and their widths.</summary>
public sealed record ClassProps(ulong[] Features, int CpbmWd, int MbwPbmBits, int BwaWd, int NumCsuMon, int NumMbwuMon)
{
    public static ClassProps None { get; } = new([], 0, 0, 0, 0, 0);

    public bool Has(int feature) => feature >= 0 && feature / 64 < Features.Length && (Features[feature / 64] >> (feature % 64) & 1) != 0;
}

/// <summary>struct mpam_class: its components, in the order list_for_each_entry walks them.</summary>
public sealed class MpamClass(int id, MpamClassType type, int level)
{
    private readonly List<MpamComponent> _components = [];

    public int Id { get; } = id;
    public MpamClassType Type { get; } = type;
    public int Level { get; } = level;

    /// <summary>class->ida_csu_mon: the CSU monitor ids handed out (mpam_alloc_csu_mon()).</summary>
    internal HashSet<int> CsuMonitorsInUse { get; } = [];

    /// <summary>class->affinity: the union of its components' affinities, as the driver builds it.</summary>
    public ulong[] Affinity { get; private set; } = [];

    /// <summary>struct mpam_props as the driver merges it: feature bits (revision's enum order) and widths.</summary>
    public ClassProps Props { get; internal set; } = ClassProps.None;

    /// <summary>
    /// Newest first: the driver's mpam_component_alloc() adds with list_add_rcu() at the head of
    /// class->components, so a walk meets the last-added component first. It matters only when
    /// affinities overlap.
    /// </summary>
    public IReadOnlyList<MpamComponent> Components => _components;

    /// <summary>The same, for the walk in mpam_resctrl_alloc_domain() (no boxed enumerator).</summary>
    internal List<MpamComponent> ComponentList => _components;

    internal MpamComponent Add(int id, ulong[] affinity)
    {
        var component = new MpamComponent(id, this, affinity);
        _components.Insert(0, component);
        if (Affinity.Length < affinity.Length)
            Affinity = [.. Affinity, .. new ulong[affinity.Length - Affinity.Length]];
        for (int w = 0; w < affinity.Length; w++)
            Affinity[w] |= affinity[w];
        return component;
    }
}

/// <summary>The platform a scenario describes: possible CPUs, their nodes, the MPAM classes.</summary>
public sealed class MpamTopology
{
    private readonly Dictionary<int, MpamClass> _classes = [];
    private int _nodes = 1;

    public const int MaxCpus = 4096;

    public int NrCpuIds { get; private set; }
    public int MaskWords => CpuMaskBits.WordsFor(NrCpuIds);
    public bool Defined { get; private set; }

    public MpamClass? FindClass(int id) => _classes.GetValueOrDefault(id);

    /// <summary>mpam_classes: every class, in the order the platform added them (list_add_tail).</summary>
    public IReadOnlyList<MpamClass> Classes => _classOrder;

    private readonly List<MpamClass> _classOrder = [];

    /// <summary>cpu_to_node(): CPU c of N on M nodes is on node c*M/N.</summary>
    public int NodeOf(int cpu) => NrCpuIds == 0 ? 0 : (int)((long)cpu * _nodes / NrCpuIds);

    /// <summary>num_possible_nodes(): the highest node of a possible CPU, plus one.</summary>
    public int NumPossibleNodes() => NrCpuIds == 0 ? 1 : NodeOf(NrCpuIds - 1) + 1;

    internal int Define(int cpus, int nodes)
    {
        if (cpus < 1 || cpus > MaxCpus || nodes < 1)
            return -Errno.EINVAL;
        if (Defined)
            return -Errno.EBUSY;
        NrCpuIds = cpus;
        _nodes = nodes;
        Defined = true;
        return 0;
    }

    internal int AddClass(int id, MpamClassType type, int level)
    {
        if (_classes.ContainsKey(id))
            return -Errno.EEXIST;
        var mpamClass = new MpamClass(id, type, level);
        _classes.Add(id, mpamClass);
        _classOrder.Add(mpamClass);
        return 0;
    }

    internal int AddComponent(int classId, int componentId, ReadOnlySpan<ulong> affinity)
    {
        if (FindClass(classId) is not { } mpamClass)
            return -Errno.ENOENT;
        var mask = new ulong[MaskWords];
        affinity[..Math.Min(affinity.Length, mask.Length)].CopyTo(mask);
        mpamClass.Add(componentId, mask);
        return 0;
    }

    /// <summary>The cache levels a scenario may describe, as the ABI has them.</summary>
    public const int MinCacheLevel = 1, MaxCacheLevel = 4;

    private readonly Dictionary<(int Cpu, int Level), (int Id, int Size)> _caches = [];

    /// <summary>get_cpu_cacheinfo_id(): the id of the CPU's cache at that level, -1 when not described.</summary>
    public int CacheId(int cpu, int level) => _caches.TryGetValue((cpu, level), out var c) ? c.Id : -1;

    /// <summary>The size in bytes of the CPU's cache at that level; null when not described.</summary>
    public int? CacheSize(int cpu, int level) => _caches.TryGetValue((cpu, level), out var c) ? c.Size : null;

    internal int SetCacheInfo(ReadOnlySpan<ulong> cpus, int level, int id, int size)
    {
        if (level < MinCacheLevel || level > MaxCacheLevel)
            return -Errno.EINVAL;
        if (CpuMaskBits.Next(cpus, NrCpuIds) >= 0)
            return -Errno.EINVAL;                                   // a CPU past the possible ones
        // The set CPUs only: a row per cache, and 4096 CPUs' caches are not 4096 squared.
        for (int cpu = CpuMaskBits.Next(cpus, 0); cpu >= 0; cpu = CpuMaskBits.Next(cpus, cpu + 1))
            _caches[(cpu, level)] = (id, size);
        return 0;
    }

    internal void Reset()
    {
        _classes.Clear();
        _classOrder.Clear();
        _caches.Clear();
        NrCpuIds = 0;
        _nodes = 1;
        Defined = false;
    }
}
