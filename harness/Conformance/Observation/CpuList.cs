using System.Globalization;
using System.Text;

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
        var text = TextBuilder.Acquire();
        Append(text, mask);
        return TextBuilder.Release(text);
    }

    public static void Append(StringBuilder text, ReadOnlySpan<ulong> mask)
    {
        // An item is made in a small buffer and appended whole: recorded steps format a mask or
        // more each, and the builder's per-call checks were most of the cost.
        Span<char> item = stackalloc char[24];
        int n = 0;                                                  // a ',' before every item but the first
        for (int cpu = CpuMaskBits.Next(mask, 0); cpu >= 0;)
        {
            int end = CpuMaskBits.RunEnd(mask, cpu);
            cpu.TryFormat(item[n..], out int written, default, CultureInfo.InvariantCulture);
            n += written;
            if (end > cpu)
            {
                item[n++] = '-';
                end.TryFormat(item[n..], out written, default, CultureInfo.InvariantCulture);
                n += written;
            }
            text.Append(item[..n]);
            item[0] = ',';
            n = 1;
            cpu = CpuMaskBits.Next(mask, end + 1);
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
