namespace Conformance.Observation;

/// <summary>
/// The kernel's cpulist text (<c>%*pbl</c>): ascending, comma-separated, runs of two or more
/// CPUs as <c>a-b</c>, an empty mask as the empty string.
/// </summary>
public static class CpuList
{
    /// <summary>One item as written: <c>First</c> to <c>Last</c> inclusive (Last may be below First), at <c>Offset</c>.</summary>
    public readonly record struct Item(int First, int Last, int Offset, int LastOffset);

    public static string Format(ReadOnlySpan<ulong> mask)
    {
        var text = Utf8TextBuilder.Acquire();
        Append(text, mask);
        return Utf8TextBuilder.Release(text);
    }

    public static void Append(Utf8TextBuilder text, ReadOnlySpan<ulong> mask)
    {
        // An item at a time into room reserved for the longest: a fragmented mask is many short items.
        bool first = true;
        foreach (var (from, to) in Runs(mask))
        {
            var room = text.Reserve(MaxItem);
            int n = 0;
            if (!first)
                room[n++] = (byte)',';
            n += Utf8TextBuilder.WriteDecimal(room[n..], from);
            if (to > from)
            {
                room[n++] = (byte)'-';
                n += Utf8TextBuilder.WriteDecimal(room[n..], to);
            }
            text.Advance(n);
            first = false;
        }
    }

    // ",a-b" with two ints at their longest.
    private const int MaxItem = 2 + 2 * Utf8TextBuilder.MaxIntBytes;

    /// <summary>The runs of set CPUs of a mask, ascending: (first, last) each.</summary>
    public static RunEnumerator Runs(ReadOnlySpan<ulong> mask) => new(mask);

    public ref struct RunEnumerator(ReadOnlySpan<ulong> mask)
    {
        private readonly ReadOnlySpan<ulong> _mask = mask;
        private int _next;

        public (int First, int Last) Current { get; private set; }

        public readonly RunEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            int first = CpuMaskBits.Next(_mask, _next);
            if (first < 0)
                return false;
            int last = CpuMaskBits.RunEnd(_mask, first);
            Current = (first, last);
            _next = last + 1;
            return true;
        }
    }

    /// <summary>
    /// The items of a cpulist in written order; a range may run down (<c>7-4</c>).
    /// The empty string is no items. Throws <see cref="TextFormatException"/>.
    /// </summary>
    public static IReadOnlyList<Item> ParseItems(string text)
    {
        var items = new List<Item>();
        if (text.Length == 0)
            return items;
        int i = 0;
        while (true)
        {
            int start = i;
            int first = ReadNumber(text, ref i);
            int last = first;
            int lastOffset = start;
            if (i < text.Length && text[i] == '-')
            {
                i++;
                lastOffset = i;
                last = ReadNumber(text, ref i);
            }
            items.Add(new Item(first, last, start, lastOffset));
            if (i == text.Length)
                return items;
            if (text[i] != ',')
                throw new TextFormatException(i, "',' or '-' or the end of the cpulist");
            i++;
        }
    }

    /// <summary>Every CPU of the list in written order (ranges expanded, down ranges downwards).</summary>
    public static IEnumerable<int> Sequence(IReadOnlyList<Item> items)
    {
        foreach (var item in items)
        {
            int step = item.Last >= item.First ? 1 : -1;
            for (int cpu = item.First; ; cpu += step)
            {
                yield return cpu;
                if (cpu == item.Last)
                    break;
            }
        }
    }

    /// <summary>The mask of a cpulist; CPUs at or beyond <paramref name="nrCpus"/> are an error.</summary>
    public static ulong[] ParseMask(string text, int nrCpus)
    {
        var mask = new ulong[CpuMaskBits.WordsFor(nrCpus)];
        foreach (var item in ParseItems(text))
        {
            if (item.First >= nrCpus)
                throw new TextFormatException(item.Offset, $"a CPU below {nrCpus}");
            if (item.Last >= nrCpus)
                throw new TextFormatException(item.LastOffset, $"a CPU below {nrCpus}");
            int low = Math.Min(item.First, item.Last), high = Math.Max(item.First, item.Last);
            for (int cpu = low; cpu <= high; cpu++)
                CpuMaskBits.Set(mask, cpu);
        }
        return mask;
    }

    private static int ReadNumber(string text, ref int i)
    {
        int start = i;
        long value = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            value = value * 10 + (text[i] - '0');
            if (value > int.MaxValue)
                throw new TextFormatException(start, "a CPU number that fits in an int");
            i++;
        }
        if (i == start)
            throw new TextFormatException(start, "a CPU number");
        return (int)value;
    }
}
