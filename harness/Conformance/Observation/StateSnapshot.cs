namespace Conformance.Observation;

/// <summary>
/// Everything observable after a step on one side, in flat reusable buffers. Both the
/// managed model and the adapter over the C reference fill one in place every step; the
/// lockstep engine then asks <see cref="SameAs"/> (allocation-free) and only on a difference
/// <see cref="Diff"/>.
/// </summary>
/// <remarks>
/// Fill order: <see cref="Begin"/>, then per resource in enum order <see cref="AddResource"/>
/// followed by its domains with <see cref="AddDomain"/>; then counters, lifecycle, online mask,
/// WARN sites and <see cref="Step"/>. An adapter that copies arrays in bulk can use
/// <see cref="ResizeDomains"/> and the public buffers instead.
/// </remarks>
public sealed partial class StateSnapshot
{
    private ulong[] _domainMasks = new ulong[16];
    private ulong[] _onlineMask = new ulong[1];

    public StateSnapshot(ResourceProfile profile)
    {
        Profile = profile;
        Resources = new RowBuffer<ResourceObservation>(profile.Count);
    }

    public ResourceProfile Profile { get; }

    public RowBuffer<ResourceObservation> Resources { get; }

    public RowBuffer<DomainObservation> Domains { get; } = new(16);

    /// <summary>Words per cpu mask: ceil(nr_cpu_ids / 64).</summary>
    public int MaskWords { get; private set; }

    /// <summary>Every listed domain's mask, <see cref="MaskWords"/> words each, at its MaskOffset.</summary>
    public Span<ulong> DomainMasks => _domainMasks.AsSpan(0, Domains.Count * MaskWords);

    /// <summary>The CPUs the hotplug core holds online.</summary>
    public Span<ulong> OnlineMask => _onlineMask.AsSpan(0, MaskWords);

    public CounterObservation Counters;

    public LifecycleObservation Lifecycle;

    /// <summary>Every WARN site hit since reset, in first-hit order.</summary>
    public RowBuffer<WarnSiteObservation> WarnSites { get; } = new(4);

    /// <summary>Every configured partid of every listed control domain, resources in enum order, domains in list order, partids ascending.</summary>
    public RowBuffer<ConfigObservation> Configs { get; } = new(4);

    /// <summary>The step-local record of the step that led here.</summary>
    public StepObservation Step { get; } = new();

    /// <summary>
    /// Counts the fills: a side that fills the same snapshot again at the next count knows the
    /// masks are where it put them, and may leave those that did not change.
    /// </summary>
    public long FillSerial { get; private set; }

    /// <summary>Clears the lists for a new fill over <paramref name="nrCpuIds"/> possible CPUs.</summary>
    public void Begin(int nrCpuIds)
    {
        FillSerial++;
        _previousDomains = Domains.Count;
        MaskWords = CpuMaskBits.WordsFor(nrCpuIds);
        if (_onlineMask.Length < MaskWords)
            _onlineMask = new ulong[MaskWords];
        OnlineMask.Clear();
        Resources.Clear();
        Domains.Clear();
        WarnSites.Clear();
        Configs.Clear();
        Counters = default;
        Lifecycle = default;
        Lifecycle.NrCpuIds = nrCpuIds;
    }

    /// <summary>Appends the next resource; its FirstDomain is where the next domain will go.</summary>
    public ref ResourceObservation AddResource()
    {
        ref var resource = ref Resources.Add();
        resource.Rid = Resources.Count - 1;
        resource.ClassId = -1;
        resource.FirstDomain = Domains.Count;
        return ref resource;
    }

    /// <summary>Appends a control domain of the last added resource; returns its (cleared) mask to fill.</summary>
    public Span<ulong> AddDomain(int id, int type, int rid, int compId) => AppendDomain(id, type, rid, compId, monitor: false);

    /// <summary>Appends a monitor domain of the last added resource, after all of its control domains.</summary>
    public Span<ulong> AddMonDomain(int id, int type, int rid) => AppendDomain(id, type, rid, -1, monitor: true);

    /// <summary>
    /// Appends a domain whose mask this snapshot already holds at the next place (the same side
    /// filled it there at the fill before, and it did not change): nothing is copied or cleared.
    /// </summary>
    public void AddDomainKeepingMask(int id, int type, int rid, int compId, bool monitor) =>
        AppendDomain(id, type, rid, compId, monitor, keepMask: true);

    private Span<ulong> AppendDomain(int id, int type, int rid, int compId, bool monitor, bool keepMask = false)
    {
        int index = Domains.Count;
        EnsureMaskRoom(index + 1);
        ref var domain = ref Domains.Add();
        domain.Id = id;
        domain.Type = type;
        domain.Rid = rid;
        domain.CompId = compId;
        domain.MaskOffset = index * MaskWords;
        domain.MaskWritten = !keepMask;
        if (_wordRanges.Length <= index)
            Array.Resize(ref _wordRanges, Math.Max(index + 1, _wordRanges.Length * 2));
        if (!keepMask || index >= _previousDomains)
            _wordRanges[index] = (-1, -1);                         // not known until asked
        if (Resources.Count > 0 && monitor)
            Resources[Resources.Count - 1].MonCount++;
        else if (Resources.Count > 0)
            Resources[Resources.Count - 1].DomainCount++;
        var mask = _domainMasks.AsSpan(domain.MaskOffset, MaskWords);
        if (!keepMask)
            mask.Clear();
        return mask;
    }

    /// <summary>Sets CpuCount of every domain from its mask; call once the masks are filled.</summary>
    public void CountDomainCpus()
    {
        for (int i = 0; i < Domains.Count; i++)
            Domains[i].CpuCount = CpuMaskBits.Count(MaskOf(i));
    }

    /// <summary>For bulk copies: exactly <paramref name="count"/> domains with room for their masks.</summary>
    public Span<DomainObservation> ResizeDomains(int count)
    {
        EnsureMaskRoom(count);
        if (_wordRanges.Length < count)
            Array.Resize(ref _wordRanges, count);
        _wordRanges.AsSpan(0, count).Fill((-1, -1));
        return Domains.Resize(count);
    }

    // Per domain slot: the words of its mask that may be nonzero, [First, End), or First -1 when not
    // known; kept across fills for a mask kept in place, so that a step counts the words it changed.
    private (int First, int End)[] _wordRanges = new (int, int)[16];
    private int _previousDomains;

    /// <summary>
    /// The words of a domain's mask outside of which every word is 0: a domain of a few CPUs out
    /// of 4096 has one, and walks over all domains' masks (the CPU placement invariants) look at those.
    /// </summary>
    public (int First, int End) NonZeroWords(int domainIndex)
    {
        ref var range = ref _wordRanges[domainIndex];
        if (range.First < 0)
        {
            var mask = MaskOf(domainIndex);
            int first = mask.IndexOfAnyExcept(0UL);
            range = first < 0 ? (0, 0) : (first, mask.LastIndexOfAnyExcept(0UL) + 1);
        }
        return range;
    }

    public ReadOnlySpan<ulong> MaskOf(int domainIndex)
    {
        ref var domain = ref Domains[domainIndex];
        return _domainMasks.AsSpan(domain.MaskOffset, MaskWords);
    }

    public void AddWarnSite(string function, string condition, uint hits, uint reported) =>
        WarnSites.Add(new WarnSiteObservation { Function = function, Condition = condition, Hits = hits, Reported = reported });

    /// <summary>A whole copy, for keeping the state before a step (e.g. for the steps that led to a divergence).</summary>
    public void CopyFrom(StateSnapshot other)
    {
        Begin(other.Lifecycle.NrCpuIds);
        other.Resources.AsSpan().CopyTo(Resources.Resize(other.Resources.Count));
        other.Domains.AsSpan().CopyTo(ResizeDomains(other.Domains.Count));
        other.DomainMasks.CopyTo(DomainMasks);
        other.OnlineMask.CopyTo(OnlineMask);
        other.WarnSites.AsSpan().CopyTo(WarnSites.Resize(other.WarnSites.Count));
        other.Configs.AsSpan().CopyTo(Configs.Resize(other.Configs.Count));
        Counters = other.Counters;
        Lifecycle = other.Lifecycle;
        Step.CopyFrom(other.Step);
    }

    private void EnsureMaskRoom(int domains)
    {
        int needed = domains * MaskWords;
        if (_domainMasks.Length < needed)
            Array.Resize(ref _domainMasks, Math.Max(needed, _domainMasks.Length * 2));
    }
}
