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
}

/// <summary>A class's merged MPAM properties: which features it has (bit n: the revision's nth feature) and their widths.</summary>
public sealed record ClassProps(ulong[] Features, int CpbmWd, int MbwPbmBits, int BwaWd, int NumCsuMon, int NumMbwuMon)
{
    public static ClassProps None { get; } = new([], 0, 0, 0, 0, 0);

    public bool Has(int feature) => feature / 64 < Features.Length && (Features[feature / 64] >> (feature % 64) & 1) != 0;
}

/// <summary>struct mpam_class: its components, in the order list_for_each_entry walks them.</summary>
public sealed class MpamClass(int id, MpamClassType type, int level)
{
    private readonly List<MpamComponent> _components = [];

    public int Id { get; } = id;
    public MpamClassType Type { get; } = type;
    public int Level { get; } = level;

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

    /// <summary>cpu_to_node(): CPU c of N on M nodes is on node c*M/N.</summary>
    public int NodeOf(int cpu) => NrCpuIds == 0 ? 0 : (int)((long)cpu * _nodes / NrCpuIds);

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
        _classes.Add(id, new MpamClass(id, type, level));
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
        for (int cpu = 0; cpu < cpus.Length * 64; cpu++)
            if ((cpus[cpu / 64] >> (cpu % 64) & 1) != 0 && cpu >= NrCpuIds)
                return -Errno.EINVAL;
        for (int cpu = 0; cpu < NrCpuIds && cpu / 64 < cpus.Length; cpu++)
            if ((cpus[cpu / 64] >> (cpu % 64) & 1) != 0)
                _caches[(cpu, level)] = (id, size);
        return 0;
    }

    internal void Reset()
    {
        _classes.Clear();
        _caches.Clear();
        NrCpuIds = 0;
        _nodes = 1;
        Defined = false;
    }
}
