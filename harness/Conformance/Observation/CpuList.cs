using System.Buffers.Binary;
using System.Numerics;

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

    public static void Append(Utf8TextBuilder text, ReadOnlySpan<ulong> mask) => AppendRuns(text, mask, 0, mask.Length * 64 - 1, null);

    /// <summary>One item as written by <see cref="AppendRuns"/>: CPUs <c>First</c> to <c>Last</c>, starting at <c>Offset</c> in the text.</summary>
    public readonly record struct Run(int First, int Last, int Offset);

    /// <summary>
    /// The items of the mask's runs of set CPUs from <paramref name="first"/> to <paramref name="last"/>,
    /// comma-separated, appended (with no comma before the first); each noted in
    /// <paramref name="runs"/> when given. The CPUs just outside the range must be clear (or
    /// beyond the mask): a run is never cut at the range's ends.
    /// </summary>
    public static void AppendRuns(Utf8TextBuilder text, ReadOnlySpan<ulong> mask, int first, int last, RowBuffer<Run>? runs)
    {
        // A recorded step writes two or three cpulists of masks that change at every step (the
        // online mask, a domain's). Room for the longest text the range could have is reserved
        // once; a run is found a word at a time; a CPU number below MaxCpus is copied from a
        // table as four bytes whose first zero byte ends it. The separator and a run's "-b" are
        // written always and kept or not by arithmetic: on a mask of scattered CPUs, branches
        // on them are mispredicted item after item.
        if (last < first)
            return;
        int words = mask.Length;
        int endWord = Math.Min(words, (last >> 6) + 1);               // no run starts in a word past it
        var room = text.Reserve(RoomFor((last >> 6) - (first >> 6) + 1));
        int at = text.Length;
        int n = 0;
        int w = first >> 6;
        ulong bits = mask[w] & (~0UL << (first & 63));
        while (true)
        {
            while (bits == 0)
            {
                if (++w >= endWord)
                {
                    text.Advance(n);
                    return;
                }
                bits = mask[w];
            }
            int from = (w << 6) + BitOperations.TrailingZeroCount(bits);
            if (from > last)
            {
                text.Advance(n);
                return;
            }
            ulong clear = ~bits & (~0UL << (from & 63));            // the clear bits from there on: where the run ends
            while (clear == 0 && ++w < words)
                clear = ~mask[w];
            int to = clear == 0 ? (words << 6) - 1 : (w << 6) + BitOperations.TrailingZeroCount(clear) - 1;
            room[n] = (byte)',';
            n += n > 0 ? 1 : 0;
            runs?.Add(new Run(from, to, at + n));
            n += WriteCpu(room[n..], from);
            room[n] = (byte)'-';
            int lastDigits = WriteCpu(room[(n + 1)..], to);
            n += to > from ? 1 + lastDigits : 0;
            if (w >= words)
            {
                text.Advance(n);
                return;
            }
            bits = mask[w] & (~0UL << ((to + 1) & 63));             // past the run's end, a clear bit of word w
        }
    }

    // At most 32 items a word (a CPU and a gap each), each at most ",a-b" (written whole even
    // when kept as ",a"), and the bytes a table number is stored with beyond its own digits.
    private static int RoomFor(int words)
    {
        int digits = words * 64 <= CpuDigits.Length ? 4 : Utf8TextBuilder.MaxIntBytes;
        return 32 * words * (2 + 2 * digits) + 2 * 4;
    }

    // A CPU number's digits at the start of into (room for four bytes, or MaxIntBytes past the
    // table): the digits written.
    private static int WriteCpu(Span<byte> into, int cpu)
    {
        if ((uint)cpu >= (uint)CpuDigits.Length)
            return Utf8TextBuilder.WriteDecimal(into, cpu);
        uint digits = CpuDigits[cpu];
        BinaryPrimitives.WriteUInt32LittleEndian(into, digits);
        return 4 - BitOperations.LeadingZeroCount(digits) / 8;    // no CPU number starts with a 0 byte, but 0 itself
    }

    // Each CPU number below MaxCpus as its ASCII digits, first digit in the lowest byte.
    private static readonly uint[] CpuDigits = MakeCpuDigits();

    private static uint[] MakeCpuDigits()
    {
        var table = new uint[CpuMaskBits.MaxCpus];
        Span<byte> digits = stackalloc byte[4];
        for (int cpu = 0; cpu < table.Length; cpu++)
        {
            digits.Clear();
            cpu.TryFormat(digits, out _, default, System.Globalization.CultureInfo.InvariantCulture);
            table[cpu] = BinaryPrimitives.ReadUInt32LittleEndian(digits);
        }
        return table;
    }

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

    /// <summary>The mask of a cpulist, <paramref name="nrCpus"/> bits long; CPUs at or beyond <paramref name="nrCpus"/> are an error.</summary>
    public static ulong[] ParseMask(string text, int nrCpus) => Mask(ParseItems(text), nrCpus, CpuMaskBits.WordsFor(nrCpus));

    /// <summary>
    /// Likewise, only as many words long as its highest CPU needs (none for an empty list): text
    /// read back (a report's timelines, of thousands of steps) names a few CPUs of up to 4096.
    /// </summary>
    public static ulong[] ParseFittedMask(string text, int nrCpus)
    {
        var items = ParseItems(text);
        int highest = -1;
        foreach (var item in items)
            highest = Math.Max(highest, Math.Max(item.First, item.Last));
        return Mask(items, nrCpus, CpuMaskBits.WordsFor(Math.Min(highest + 1, nrCpus)));
    }

    private static ulong[] Mask(IReadOnlyList<Item> items, int nrCpus, int words)
    {
        var mask = new ulong[words];
        foreach (var item in items)
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
