using System.Numerics;

namespace Conformance.Observation;

/// <summary>
/// A mask's cpulist text (<see cref="CpuList"/>) kept from one observation to the next with the
/// mask it was made of and where each item sits in it. Given the mask again, it rewrites only the
/// items around the CPUs that changed and moves the rest of the text: a step that onlines one CPU
/// of a scattered domain changes one or two of its items, where writing them all cost a 64-CPU
/// mask a third more and a 4096-CPU mask twelve times as much (a recorded step at 4096 CPUs
/// writes two such lists, the domain's and the online CPUs').
/// </summary>
public sealed class KeptCpuList
{
    private readonly Utf8TextBuilder _text = new(64);
    private readonly RowBuffer<CpuList.Run> _items = new(16);
    private ulong[] _of = [];
    // Whether the text is _of's, and whether _items are where its items sit: kept only for a
    // text of ShortText bytes or more.
    private bool _made, _indexed;
    // Below this many bytes a text is written whole and not indexed: an edit costs about what
    // writing some fifty bytes of cpulist does (measured on masks of 8 to 4096 CPUs, one CPU
    // flipped a step), and an 8-CPU domain's text is never that long.
    private const int ShortText = 48;

    // An edit's new items, and their text with room for a comma either side.
    private readonly Utf8TextBuilder _edit = new(32);
    private readonly RowBuffer<CpuList.Run> _editItems = new(4);

    /// <summary>The text the last <see cref="Of"/> gave.</summary>
    public ReadOnlySpan<byte> Last => _text.Span;

    /// <summary>The cpulist of <paramref name="mask"/>, as UTF-8; valid until the next call.</summary>
    public ReadOnlySpan<byte> Of(ReadOnlySpan<ulong> mask)
    {
        if (_made && mask.Length == _of.Length)
        {
            var (lo, hi) = Flipped(_of, mask);
            if (lo < 0)
                return _text.Span;                                  // the mask the text was made of
            if (_indexed && _text.Length >= ShortText)
            {
                Edit(mask, lo, hi);
                mask.CopyTo(_of);
                return _text.Span;
            }
        }
        Make(mask);
        return _text.Span;
    }

    // The text written whole; a long one written again noting its items, to be edited next time
    // (a long text is made whole once, and edited from then on).
    private void Make(ReadOnlySpan<ulong> mask)
    {
        int cpus = mask.Length * 64;
        CpuList.AppendRuns(_text.Clear(), mask, 0, cpus - 1, null);
        if (_of.Length != mask.Length)
            _of = new ulong[mask.Length];
        mask.CopyTo(_of);
        _made = true;
        _indexed = _text.Length >= ShortText;
        if (!_indexed)
            return;
        _items.Clear();
        CpuList.AppendRuns(_text.Clear(), mask, 0, cpus - 1, _items);
    }

    // The lowest and highest CPU whose bit differs between the masks, or (-1, -1). Past a few
    // words the equal ones are skipped a vector at a time: at 4096 CPUs a step changes one word of 64.
    private static (int Lo, int Hi) Flipped(ReadOnlySpan<ulong> was, ReadOnlySpan<ulong> now)
    {
        int w = now.Length <= 4 ? FirstDiffering(was, now, 0) : was.CommonPrefixLength(now);
        if (w == now.Length)
            return (-1, -1);
        int v = w;
        for (int at = FirstDiffering(was, now, w + 1); at < now.Length; at = FirstDiffering(was, now, at + 1))
            v = at;
        return ((w << 6) + BitOperations.TrailingZeroCount(was[w] ^ now[w]), (v << 6) + 63 - BitOperations.LeadingZeroCount(was[v] ^ now[v]));
    }

    private static int FirstDiffering(ReadOnlySpan<ulong> was, ReadOnlySpan<ulong> now, int from)
    {
        if (now.Length - from > 4)
            return from + was[from..].CommonPrefixLength(now[from..]);
        while (from < now.Length && was[from] == now[from])
            from++;
        return from;
    }

    // Every item within a CPU of [lo, hi] is written again from the new mask, over the CPUs from
    // the first such item's first (or lo) to the last one's last (or hi). Outside those CPUs
    // nothing changed, and the CPU just before and just after them is clear in the old mask (an
    // item would reach it otherwise) and so in the new: the runs there are whole.
    private void Edit(ReadOnlySpan<ulong> mask, int lo, int hi)
    {
        var items = _items.AsSpan();
        int count = items.Length;
        int a = FirstEndingAtOrAfter(items, lo - 1);
        int b = a;                                                  // the last item that starts by hi + 1: one or two on
        while (b < count && items[b].First <= hi + 1)
            b++;
        b--;
        bool insert = a > b;                                        // no old item there: the new ones go before item a
        int first = insert ? lo : Math.Min(lo, items[a].First);
        int last = insert ? hi : Math.Max(hi, items[b].Last);

        _edit.Clear().Append(',');
        _editItems.Clear();
        CpuList.AppendRuns(_edit, mask, first, last, _editItems);
        int added = _editItems.Count;
        if (insert && added == 0)
            return;

        // The text replaced, and the new items' text with the comma that keeps the list a list.
        int start, end;
        int skip = 1;                                               // the leading comma of _edit, not written
        if (insert)
        {
            start = end = a < count ? items[a].Offset : _text.Length;
            if (a < count)
                _edit.Append(',');                                  // "new," before item a
            else if (count > 0)
                skip = 0;                                           // ",new" after the last item
        }
        else
        {
            start = items[a].Offset;
            end = b + 1 < count ? items[b + 1].Offset - 1 : _text.Length;
            if (added == 0 && b + 1 < count)
                end++;                                              // the items and the comma after them
            else if (added == 0 && a > 0)
                start--;                                            // the comma before them and the items
        }
        var with = _edit.Span[skip..];
        int moved = with.Length - (end - start);
        _text.Replace(start, end - start, with);

        var placed = _items.Splice(a, insert ? 0 : b - a + 1, added);
        int shift = start - skip;
        for (int i = 0; i < added; i++)
        {
            var run = _editItems[i];
            placed[i] = run with { Offset = run.Offset + shift };
        }
        if (moved != 0)
            foreach (ref var run in _items.Rows(a + added))
                run = run with { Offset = run.Offset + moved };
    }

    // The first item whose last CPU is cpu or above (items ascend), or the count.
    private static int FirstEndingAtOrAfter(ReadOnlySpan<CpuList.Run> items, int cpu)
    {
        int low = 0, high = items.Length;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (items[mid].Last >= cpu)
                high = mid;
            else
                low = mid + 1;
        }
        return low;
    }
}
