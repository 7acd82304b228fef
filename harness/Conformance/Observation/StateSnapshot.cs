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
/// WARN sites and <see cref="Step"/>.
/// A side that fills the same snapshot step after step pays for what a step changed: each
/// listed mask lives at a home it keeps while listed (<see cref="AddDomainAt"/>, which copies
/// nothing for a mask that did not change), and when no list changed the side keeps the domains
/// (<see cref="BeginKeepingDomains"/>) and rewrites only the masks that did (<see cref="RewriteMask"/>).
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

    /// <summary>Every listed domain's mask, <see cref="MaskWords"/> words each, at its MaskOffset (its home); other homes may hold old masks.</summary>
    public Span<ulong> DomainMasks => _domainMasks.AsSpan(0, _homeEnd * MaskWords);

    /// <summary>The CPUs the hotplug core holds online.</summary>
    public Span<ulong> OnlineMask => _onlineMask.AsSpan(0, MaskWords);

    public CounterObservation Counters;

    public LifecycleObservation Lifecycle;

    /// <summary>Every WARN site hit since reset, in first-hit order.</summary>
    public RowBuffer<WarnSiteObservation> WarnSites { get; } = new(4);

    /// <summary>Every configured partid of every listed control domain, resources in enum order, domains in list order, partids ascending.</summary>
    public RowBuffer<ConfigObservation> Configs => _configs.Rows;

    private readonly KeptRows<ConfigObservation> _configs = new(4);

    /// <summary>
    /// This fill's configurations are the last fill's: its side knows nothing they are read from
    /// changed since it filled this snapshot (a walk of every listed domain's partids, kept).
    /// Called right after Begin or BeginKeepingDomains, before any configuration is added.
    /// </summary>
    public void KeepConfigs() => _configs.Keep("configurations");

    /// <summary>The step-local record of the step that led here.</summary>
    public StepObservation Step { get; } = new();

    /// <summary>
    /// Counts the fills: a side that fills the same snapshot again at the next count knows the
    /// masks are where it put them, and may leave those that did not change.
    /// </summary>
    public long FillSerial { get; private set; }

    /// <summary>
    /// The next fill is to be whole: no side may keep anything its last fill put here (the fill
    /// count moves on, so no side finds the snapshot as it left it).
    /// </summary>
    public void Forget() => FillSerial++;

    /// <summary>Clears the lists for a new fill over <paramref name="nrCpuIds"/> possible CPUs.</summary>
    public void Begin(int nrCpuIds)
    {
        BeginFill(nrCpuIds);
        Resources.Clear();
        Domains.Clear();
        DomainsKept = false;
        ForgetEdits();
        _written.Clear();
        _writtenWords.Clear();
        _wasSlotsFrom = 0;
    }

    /// <summary>
    /// A fill whose side knows its lists did not change since it filled this snapshot last: the
    /// domains stay as they are, each resource added again (<see cref="AddResource"/>) keeps its
    /// place among them, and the side rewrites the masks that changed (<see cref="RewriteMask"/>).
    /// Everything else is cleared as by <see cref="Begin"/>.
    /// </summary>
    public void BeginKeepingDomains(int nrCpuIds)
    {
        if (CpuMaskBits.WordsFor(nrCpuIds) != MaskWords)
            throw new InvalidOperationException("the domains kept were filled over another number of CPUs");
        BeginFill(nrCpuIds);
        _placement.Clear();
        foreach (ref readonly var r in Resources.AsSpan())
            _placement.Add((r.FirstDomain, r.DomainCount, r.MonCount));
        Resources.Clear();
        for (int i = _wasSlotsFrom; i < Domains.Count; i++)
            Domains[i].WasSlot = i;
        foreach (int slot in _written.AsSpan())
            if (slot < _wasSlotsFrom)
                Domains[slot].WasSlot = slot;
        _written.Clear();
        _writtenWords.Clear();
        _wasSlotsFrom = int.MaxValue;
        DomainsKept = true;
        ForgetEdits();
    }

    private void BeginFill(int nrCpuIds)
    {
        FillSerial++;
        _textsMadeThisFill.Clear();
        int words = CpuMaskBits.WordsFor(nrCpuIds);
        if (words != MaskWords)
        {
            _homeEnd = 0;                                           // every mask is placed anew
            ForgetMaskTexts(_maskTexts.Length);
        }
        MaskWords = words;
        if (_onlineMask.Length < MaskWords)
            _onlineMask = new ulong[MaskWords];
        OnlineMask.Clear();
        WarnSites.Clear();
        _configs.Begin();
        BeginRegisters();
        Counters = default;
        Lifecycle = default;
        Lifecycle.NrCpuIds = nrCpuIds;
    }

    /// <summary>Whether this fill kept the last fill's domains (<see cref="BeginKeepingDomains"/>).</summary>
    public bool DomainsKept { get; private set; }

    /// <summary>The domains whose masks a fill that kept the domains rewrote, each once.</summary>
    public ReadOnlySpan<int> WrittenSlots => _written.AsSpan();

    private readonly RowBuffer<int> _written = new(8);
    // Per rewritten domain (as WrittenSlots): the words rewritten, and what they held before.
    private readonly RowBuffer<(int From, int End)> _writtenWords = new(8);
    private ulong[] _previousMasks = [];

    /// <summary>The words of the mask of the domain at <c>WrittenSlots[index]</c> that this fill rewrote: the others are as they were.</summary>
    public (int From, int End) WrittenWordsOf(int index) => _writtenWords[index];

    /// <summary>What the words <see cref="WrittenWordsOf"/> gives held before this fill rewrote them.</summary>
    public ReadOnlySpan<ulong> PreviousWordsOf(int index)
    {
        var (from, end) = _writtenWords[index];
        return _previousMasks.AsSpan(index * MaskWords + from, end - from);
    }

    /// <summary>
    /// The words of the mask of the domain at <paramref name="slot"/> this fill may have changed:
    /// none for a mask kept where it was, some for one rewritten in part, all for one written whole.
    /// </summary>
    public (int From, int End) ChangedWords(int slot)
    {
        if (!Domains[slot].MaskWritten)
            return (0, 0);
        int index = WrittenIndexOf(slot);
        return index >= 0 ? _writtenWords[index] : (0, MaskWords);
    }

    // Where a slot is among WrittenSlots (a fill rewrites a few), or -1.
    private int WrittenIndexOf(int slot) => _written.AsSpan().LastIndexOf(slot);

    // Where each resource's domains were at the last fill: all a kept fill takes of its rows. Not
    // the rows themselves: copying those (a string among them) cost more than the rest of the fill.
    private readonly RowBuffer<(int FirstDomain, int DomainCount, int MonCount)> _placement = new(8);
    // The rows from here on may have a WasSlot other than their place (a fill placed them all, or an
    // edit moved those after it): the next kept fill sets theirs, and those of the rewritten rows before.
    private int _wasSlotsFrom;

    /// <summary>Appends the next resource; its FirstDomain is where the next domain will go (or, keeping the domains, where its domains are).</summary>
    public ref ResourceObservation AddResource()
    {
        ref var resource = ref Resources.Add();
        resource.Rid = Resources.Count - 1;
        resource.ClassId = -1;                                      // the told name: 0, none
        if (DomainsKept && resource.Rid < _placement.Count)
        {
            (resource.FirstDomain, resource.DomainCount, resource.MonCount) = _placement[resource.Rid];
        }
        else
            resource.FirstDomain = Domains.Count;
        return ref resource;
    }

    /// <summary>Appends a control domain of the last added resource; returns its (cleared) mask to fill.</summary>
    public Span<ulong> AddDomain(int id, int type, int rid, int compId) =>
        ClearedMask(AddDomainAt(Domains.Count, id, type, rid, compId, monitor: false, wasSlot: -1));

    /// <summary>Appends a monitor domain of the last added resource, after all of its control domains.</summary>
    public Span<ulong> AddMonDomain(int id, int type, int rid) =>
        ClearedMask(AddDomainAt(Domains.Count, id, type, rid, -1, monitor: true, wasSlot: -1));

    private static Span<ulong> ClearedMask(Span<ulong> mask)
    {
        mask.Clear();
        return mask;
    }

    /// <summary>
    /// Appends a domain whose mask lives at <paramref name="home"/> (a place among the masks that
    /// a side keeps for a domain while it stays listed). With <paramref name="wasSlot"/> (the
    /// domain's place at the side's last fill of this snapshot, its mask unchanged since) the
    /// snapshot already holds the mask there and nothing is copied; with -1 the returned span is
    /// the home, for the caller to write every word of. A home of -1 is given later, with
    /// <see cref="PlaceMask"/>.
    /// </summary>
    public Span<ulong> AddDomainAt(int home, int id, int type, int rid, int compId, bool monitor, int wasSlot)
    {
        ref var domain = ref Domains.Add();
        domain.Id = id;
        domain.Type = type;
        domain.Rid = rid;
        domain.CompId = compId;
        domain.WasSlot = wasSlot;
        if (Resources.Count > 0 && monitor)
            Resources[Resources.Count - 1].MonCount++;
        else if (Resources.Count > 0)
            Resources[Resources.Count - 1].DomainCount++;
        if (home < 0)
        {
            domain.MaskOffset = -1;
            domain.Home = -1;
            return default;
        }
        return Place(ref domain, home, wasSlot < 0);
    }

    /// <summary>Gives the domain at <paramref name="slot"/> its home, to which its mask is to be written whole.</summary>
    public Span<ulong> PlaceMask(int slot, int home)
    {
        ref var domain = ref Domains[slot];
        domain.WasSlot = -1;
        return Place(ref domain, home, written: true);
    }

    /// <summary>
    /// A fill that kept the domains: the mask of the domain at <paramref name="slot"/> changed,
    /// and is to be written whole at its home. Its CpuCount is the caller's to set.
    /// </summary>
    public Span<ulong> RewriteMask(int slot) => RewriteMaskWords(slot, 0, MaskWords);

    /// <summary>
    /// A fill that kept the domains: words [<paramref name="from"/>, <paramref name="end"/>) of the
    /// mask of the domain at <paramref name="slot"/> changed, and are returned to be written whole;
    /// the others keep what they hold. At 4096 CPUs a step changes one word of 64: the step costs
    /// that word here, in the comparison and in the placement invariants. Its CpuCount is the caller's to set.
    /// </summary>
    public Span<ulong> RewriteMaskWords(int slot, int from, int end)
    {
        if ((uint)from > (uint)end || (uint)end > (uint)MaskWords)
            throw new ArgumentOutOfRangeException(nameof(end), $"words [{from}, {end}) of a mask of {MaskWords}");
        ref var domain = ref Domains[slot];
        var mask = _domainMasks.AsSpan(domain.MaskOffset, MaskWords);
        int index;
        if (!domain.MaskWritten)                                    // the first rewrite this fill
        {
            index = _written.Count;
            _written.Add(slot);
            _writtenWords.Add((from, from));
            if (_previousMasks.Length < (index + 1) * MaskWords)
                Array.Resize(ref _previousMasks, Math.Max((index + 1) * MaskWords, _previousMasks.Length * 2));
        }
        else if ((index = WrittenIndexOf(slot)) < 0)
            return mask[from..end];                                 // placed whole this fill: nothing before it to keep
        // What the words held until now, for whoever keeps totals over the masks (the placement
        // invariants): those this fill adds to what it rewrote, which it has not written yet.
        ref var words = ref _writtenWords[index];
        var previous = _previousMasks.AsSpan(index * MaskWords, MaskWords);
        var (was, wasEnd) = words.From == words.End ? (from, from) : words;
        int newFrom = Math.Min(from, was), newEnd = Math.Max(end, wasEnd);
        mask[newFrom..was].CopyTo(previous[newFrom..was]);
        mask[wasEnd..newEnd].CopyTo(previous[wasEnd..newEnd]);
        words = (newFrom, newEnd);
        domain.WasSlot = -1;
        MaskChangedAt(domain.Home);
        return mask[from..end];
    }

    private Span<ulong> Place(ref DomainObservation domain, int home, bool written)
    {
        EnsureHomes(home + 1);
        domain.MaskOffset = home * MaskWords;
        domain.Home = home;
        if (written)
            MaskChangedAt(home);
        return _domainMasks.AsSpan(domain.MaskOffset, MaskWords);
    }

    /// <summary>Sets CpuCount of every domain from its mask; call once the masks are filled.</summary>
    public void CountDomainCpus()
    {
        for (int i = 0; i < Domains.Count; i++)
            Domains[i].CpuCount = CpuMaskBits.Count(MaskOf(i));
    }

    // Per home: the words of its mask that may be nonzero, [First, End), or First -1 when not
    // known; kept across fills for a mask kept at its home, so that a step counts the words it changed.
    private (int First, int End)[] _wordRanges = new (int, int)[16];
    // Per home: its mask's cpulist text, made when a report first asks and kept, as the word
    // range is, while the mask stays (Made); a changed mask's text is edited where the mask
    // changed, in the home's own kept text: no allocation a step.
    private MaskText[] _maskTexts = new MaskText[16];

    private struct MaskText
    {
        public KeptCpuList? Text;
        public bool Made;
    }

    private void ForgetMaskTexts(int homes)
    {
        foreach (ref var text in _maskTexts.AsSpan(0, homes))
            text.Made = false;
    }
    // Homes below this may hold a mask (DomainMasks spans them).
    private int _homeEnd;

    // What is known of the mask at a home is not known any more (until asked).
    private void MaskChangedAt(int home)
    {
        _wordRanges[home] = (-1, -1);
        _maskTexts[home].Made = false;
    }

    /// <summary>The cpulist text of a domain's mask (<see cref="CpuList.Format"/>) as UTF-8, made once while the mask stays.</summary>
    public ReadOnlySpan<byte> CpuListText(int domainIndex)
    {
        ref var kept = ref _maskTexts[Domains[domainIndex].Home];
        var text = kept.Text ??= new KeptCpuList();
        if (kept.Made)
            return text.Last;
        kept.Made = true;
        _textsMadeThisFill.Add(domainIndex);
        return text.Of(MaskOf(domainIndex));
    }

    /// <summary>
    /// The cpulist text of the online mask, edited where the mask changed since it was last asked
    /// for; when a domain whose text this fill made spans exactly the online CPUs (a memory class
    /// of one component, as a one-node machine has), its text is given.
    /// </summary>
    public ReadOnlySpan<byte> OnlineCpuListText()
    {
        var online = OnlineMask;
        foreach (int d in _textsMadeThisFill.AsSpan())
            if (d < Domains.Count && _maskTexts[Domains[d].Home].Made && MaskOf(d).SequenceEqual(online))
                return _maskTexts[Domains[d].Home].Text!.Last;
        return _onlineText.Of(online);
    }

    private readonly KeptCpuList _onlineText = new();
    // The domains whose texts were made since this fill began: the online mask is looked for among them.
    private readonly RowBuffer<int> _textsMadeThisFill = new(4);

    /// <summary>
    /// The words of a domain's mask outside of which every word is 0: a domain of a few CPUs out
    /// of 4096 has one, and walks over all domains' masks (the CPU placement invariants) look at those.
    /// </summary>
    public (int First, int End) NonZeroWords(int domainIndex)
    {
        ref var range = ref _wordRanges[Domains[domainIndex].Home];
        if (range.First < 0)
            range = CpuMaskBits.NonZeroWords(MaskOf(domainIndex));
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
        other.Domains.AsSpan().CopyTo(Domains.Resize(other.Domains.Count));
        EnsureHomes(other._homeEnd);
        other.DomainMasks.CopyTo(DomainMasks);
        _wordRanges.AsSpan(0, _homeEnd).Fill((-1, -1));
        ForgetMaskTexts(_homeEnd);
        other.OnlineMask.CopyTo(OnlineMask);
        other.WarnSites.AsSpan().CopyTo(WarnSites.Resize(other.WarnSites.Count));
        other.Configs.AsSpan().CopyTo(Configs.Resize(other.Configs.Count));
        CopyRegistersFrom(other);
        Counters = other.Counters;
        Lifecycle = other.Lifecycle;
        Step.CopyFrom(other.Step);
    }

    private void EnsureHomes(int homes)
    {
        int needed = homes * MaskWords;
        if (_domainMasks.Length < needed)
            Array.Resize(ref _domainMasks, Math.Max(needed, _domainMasks.Length * 2));
        if (_wordRanges.Length < homes)
        {
            Array.Resize(ref _wordRanges, Math.Max(homes, _wordRanges.Length * 2));
            Array.Resize(ref _maskTexts, _wordRanges.Length);
        }
        _homeEnd = Math.Max(_homeEnd, homes);
    }
}
