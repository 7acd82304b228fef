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
    /// masks it rewrote (<see cref="WrittenSlots"/>) are not all that changed, and whoever works
    /// from what changed (the fast comparison, the placement invariants) looks at everything.
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
        ref var domain = ref Domains.Insert(slot);
        domain.Id = id;
        domain.Type = type;
        domain.Rid = rid;
        domain.CompId = compId;
        domain.WasSlot = -1;
        Moved(resource, monitor, +1);
        return Place(ref domain, home, written: true);
    }

    /// <summary>Likewise: the domain at <paramref name="index"/> of that list was unlinked. Its home is the caller's to reuse.</summary>
    public void RemoveDomain(int resource, bool monitor, int index)
    {
        Domains.RemoveAt(EditedSlot(resource, monitor, index, inserting: false));
        Moved(resource, monitor, -1);
    }

    /// <summary>The slot of the domain at <paramref name="index"/> of resource <paramref name="resource"/>'s control (or monitor) list.</summary>
    public int ListSlot(int resource, bool monitor, int index)
    {
        ref readonly var res = ref Resources[resource];
        return (monitor ? res.FirstMonDomain : res.FirstDomain) + index;
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

    // A list grew or shrank by one: the resources after it start one further or nearer.
    private void Moved(int resource, bool monitor, int by)
    {
        if (monitor)
            Resources[resource].MonCount += by;
        else
            Resources[resource].DomainCount += by;
        for (int r = resource + 1; r < Resources.Count; r++)
            Resources[r].FirstDomain += by;
        DomainsEdited = true;
        _anyWasSlotMayDiffer = true;                               // rows moved: the next kept fill sets every WasSlot
    }
}
