namespace Conformance.Observation;

/// <summary>The snapshot's canonical domain text, as a recorded step writes it, kept from fill to fill.</summary>
public sealed partial class StateSnapshot
{
    // The text, the fill it was made at, where each listed domain's cpulist sits in it (by slot),
    // and what else of the snapshot it was made from: each resource's part of the text, each
    // domain's id, type and rid.
    private readonly Utf8TextBuilder _column = new(256);
    private long _columnSerial = -1;
    private (int Start, int Length)[] _columnLists = new (int, int)[16];
    private readonly RowBuffer<(int Rid, int Flags, int First, int Domains, int Monitors)> _columnResources = new(8);
    private readonly RowBuffer<(int Id, int Type, int Rid)> _columnDomains = new(16);

    /// <summary>
    /// <see cref="DomainText.Append(Utf8TextBuilder, StateSnapshot)"/> of this snapshot. A step
    /// that moved a CPU or two rewrites a mask or two and keeps every list: when the text was made
    /// at the fill before and this fill kept the domains, changed no list and left every
    /// resource's part and every domain's header as they were, only the rewritten masks'
    /// cpulists are put in place of theirs; else it is made whole.
    /// </summary>
    public ReadOnlySpan<byte> DomainColumnText()
    {
        if (_columnSerial == FillSerial - 1 && DomainsKept && !DomainsEdited && ColumnStructureHolds())
            SpliceWrittenLists();
        else
            MakeColumn();
        _columnSerial = FillSerial;
        return _column.Span;
    }

    private void MakeColumn()
    {
        _column.Clear();
        if (_columnLists.Length < Domains.Count)
            _columnLists = new (int, int)[Math.Max(Domains.Count, 2 * _columnLists.Length)];
        var lists = _columnLists.AsSpan(0, Domains.Count);
        lists.Fill((-1, 0));
        DomainText.Append(_column, this, lists);
        _columnResources.Clear();
        foreach (ref readonly var r in Resources.AsSpan())
            _columnResources.Add(ColumnKey(in r));
        _columnDomains.Clear();
        foreach (ref readonly var d in Domains.AsSpan())
            _columnDomains.Add((d.Id, d.Type, d.Rid));
    }

    private static (int, int, int, int, int) ColumnKey(in ResourceObservation r) =>
        (r.Rid, (r.ClassMapped ? 1 : 0) | (r.AllocCapable ? 2 : 0) | (r.CdpEnabled ? 4 : 0) | (r.MonCapable ? 8 : 0), r.FirstDomain, r.DomainCount, r.MonCount);

    private bool ColumnStructureHolds()
    {
        var resources = Resources.AsSpan();
        var domains = Domains.AsSpan();
        if (resources.Length != _columnResources.Count || domains.Length != _columnDomains.Count)
            return false;
        var keys = _columnResources.AsSpan();
        for (int r = 0; r < resources.Length; r++)
            if (ColumnKey(in resources[r]) != keys[r])
                return false;
        var headers = _columnDomains.AsSpan();
        for (int d = 0; d < domains.Length; d++)
            if (headers[d] != (domains[d].Id, domains[d].Type, domains[d].Rid))
                return false;
        return true;
    }

    // Each rewritten mask's cpulist in place of the one it had; the cpulists after it move by the difference.
    private void SpliceWrittenLists()
    {
        var lists = _columnLists.AsSpan(0, Domains.Count);
        foreach (int slot in WrittenSlots)
        {
            var (start, length) = lists[slot];
            if (start < 0)
                continue;                                           // on no list the text shows
            var now = CpuListText(slot);
            _column.Replace(start, length, now);
            int moved = now.Length - length;
            lists[slot] = (start, now.Length);
            if (moved != 0)
                for (int d = 0; d < lists.Length; d++)
                    if (lists[d].Start > start)
                        lists[d].Start += moved;
        }
    }
}
