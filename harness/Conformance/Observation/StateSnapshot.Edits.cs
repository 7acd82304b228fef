namespace Conformance.Observation;

/// <summary>
/// A fill that kept the domains while the lists changed by a few links and unlinks: the side
/// that knows where each happened inserts and removes those domains instead of walking every
/// list again. The rest keep their rows and masks; those after an edit move, and their WasSlot
/// still says where they were.
/// </summary>
public sealed partial class StateSnapshot
{
    /// <summary>
    /// Whether this fill kept the domains and also inserted or removed some: slots moved, so the
    /// masks it rewrote (<see cref="WrittenSlots"/>) are not all that changed. Whoever works from
    /// what changed takes the edits too: the comparison pairs rows up only after the same
    /// <see cref="Edits"/> on both sides, the placement invariants add <see cref="InsertedSlots"/>
    /// and take out <see cref="Removed"/>.
    /// </summary>
    public bool DomainsEdited { get; private set; }

    /// <summary>
    /// A fill that kept the domains (<see cref="BeginKeepingDomains"/>), after every resource is
    /// added again: a domain was linked into resource <paramref name="resource"/>'s control list
    /// (its monitor list with <paramref name="monitor"/>) at <paramref name="index"/>. Returns its
    /// mask at <paramref name="home"/>, to be written whole; its CpuCount is the caller's to set.
    /// </summary>
    public Span<ulong> InsertDomain(int resource, bool monitor, int index, int home, int id, int type, int rid, int compId)
    {
        int slot = EditedSlot(resource, monitor, index, inserting: true);
        NoteEdit(resource, monitor, index, slot, inserted: true);
        ref var domain = ref Domains.Insert(slot);
        domain.Id = id;
        domain.Type = type;
        domain.Rid = rid;
        domain.CompId = compId;
        domain.WasSlot = -1;
        Moved(slot, resource, monitor, +1);
        return Place(ref domain, home, written: true);
    }

    /// <summary>Likewise: the domain at <paramref name="index"/> of that list was unlinked. Its home is the caller's to reuse.</summary>
    public void RemoveDomain(int resource, bool monitor, int index)
    {
        int slot = EditedSlot(resource, monitor, index, inserting: false);
        if (NoteEdit(resource, monitor, index, slot, inserted: false))
        {
            // What it held, for whoever keeps totals over the masks (the placement invariants).
            int at = _removed.Count;
            _removed.Add((resource, monitor));
            if (_removedMasks.Length < (at + 1) * MaskWords)
                Array.Resize(ref _removedMasks, Math.Max((at + 1) * MaskWords, _removedMasks.Length * 2));
            MaskOf(slot).CopyTo(_removedMasks.AsSpan(at * MaskWords, MaskWords));
        }
        Domains.RemoveAt(slot);
        Moved(slot, resource, monitor, -1);
    }

    /// <summary>The edits of this fill, in order: what two sides that agreed must both have made for their rows to pair up.</summary>
    public ReadOnlySpan<(int Resource, bool Monitor, int Index, bool Inserted)> Edits => _edits.AsSpan();

    /// <summary>Where the rows this fill inserted are now (a row inserted and removed again is not among them).</summary>
    public ReadOnlySpan<int> InsertedSlots => _inserted.AsSpan();

    /// <summary>The rows this fill removed that were there before it: their list, and (<see cref="RemovedMaskOf"/>) the mask each held.</summary>
    public ReadOnlySpan<(int Resource, bool Monitor)> Removed => _removed.AsSpan();

    public ReadOnlySpan<ulong> RemovedMaskOf(int index) => _removedMasks.AsSpan(index * MaskWords, MaskWords);

    private readonly RowBuffer<(int Resource, bool Monitor, int Index, bool Inserted)> _edits = new(4);
    private readonly RowBuffer<int> _inserted = new(4);
    private readonly RowBuffer<(int Resource, bool Monitor)> _removed = new(4);
    private ulong[] _removedMasks = [];

    private void ForgetEdits()
    {
        DomainsEdited = false;
        _edits.Clear();
        _inserted.Clear();
        _removed.Clear();
    }

    // Keeps the inserted rows' slots where the rows are; false for the removal of a row this fill inserted.
    private bool NoteEdit(int resource, bool monitor, int index, int slot, bool inserted)
    {
        _edits.Add((resource, monitor, index, inserted));
        bool wasThere = true;
        for (int i = _inserted.Count - 1; i >= 0; i--)
        {
            ref int at = ref _inserted[i];
            if (inserted ? at >= slot : at > slot)
                at += inserted ? 1 : -1;
            else if (!inserted && at == slot)
            {
                _inserted.RemoveAt(i);
                wasThere = false;
            }
        }
        if (inserted)
            _inserted.Add(slot);
        return wasThere;
    }

    /// <summary>The slot of the domain at <paramref name="index"/> of resource <paramref name="resource"/>'s control (or monitor) list.</summary>
    public int ListSlot(int resource, bool monitor, int index)
    {
        ref readonly var res = ref Resources[resource];
        return (monitor ? res.FirstMonDomain : res.FirstDomain) + index;
    }

    /// <summary>The list the domain at <paramref name="slot"/> is on, or null for none.</summary>
    public (int Resource, bool Monitor)? ListOf(int slot)
    {
        var resources = Resources.AsSpan();
        for (int r = 0; r < resources.Length; r++)
            if (slot >= resources[r].FirstDomain && slot < resources[r].FirstMonDomain + resources[r].MonCount)
                return (r, slot >= resources[r].FirstMonDomain);
        return null;
    }

    private int EditedSlot(int resource, bool monitor, int index, bool inserting)
    {
        if (!DomainsKept || resource >= Resources.Count || _written.Count > 0)
            throw new InvalidOperationException("domains are inserted and removed in a fill that kept them, once their resource is added and before a mask is rewritten");
        ref readonly var res = ref Resources[resource];
        int count = monitor ? res.MonCount : res.DomainCount;
        if ((uint)index > (uint)count || (!inserting && index == count))
            throw new ArgumentOutOfRangeException(nameof(index), index, $"a place on a list of {count}");
        return ListSlot(resource, monitor, index);
    }

    // A list grew or shrank by one at slot: the resources after it start one further or nearer.
    private void Moved(int slot, int resource, bool monitor, int by)
    {
        if (monitor)
            Resources[resource].MonCount += by;
        else
            Resources[resource].DomainCount += by;
        for (int r = resource + 1; r < Resources.Count; r++)
            Resources[r].FirstDomain += by;
        DomainsEdited = true;
        _wasSlotsFrom = Math.Min(_wasSlotsFrom, slot);              // the rows from the edit on moved
    }
}
