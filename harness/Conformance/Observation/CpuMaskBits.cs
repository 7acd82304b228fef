using System.Numerics;

namespace Conformance.Observation;

/// <summary>Bit operations on cpu masks stored as 64-bit words, CPU c at bit c % 64 of word c / 64.</summary>
public static class CpuMaskBits
{
    /// <summary>MPAM_REF_MAX_CPUS: the largest topology the reference models.</summary>
    public const int MaxCpus = 4096;

    public static int WordsFor(int nrCpus) => (nrCpus + 63) / 64;

    public static bool Test(ReadOnlySpan<ulong> mask, int cpu) =>
        (uint)(cpu >> 6) < (uint)mask.Length && (mask[cpu >> 6] & (1UL << (cpu & 63))) != 0;

    public static void Set(Span<ulong> mask, int cpu) => mask[cpu >> 6] |= 1UL << (cpu & 63);

    public static void Clear(Span<ulong> mask, int cpu) => mask[cpu >> 6] &= ~(1UL << (cpu & 63));

    public static int Count(ReadOnlySpan<ulong> mask)
    {
        int n = 0;
        foreach (var word in mask)
            n += BitOperations.PopCount(word);
        return n;
    }

    public static bool IsEmpty(ReadOnlySpan<ulong> mask) => mask.IndexOfAnyExcept(0UL) < 0;

    /// <summary>The words outside of which every word is 0, [First, End); (0, 0) for an empty mask. A vector at a time.</summary>
    public static (int First, int End) NonZeroWords(ReadOnlySpan<ulong> mask)
    {
        int first = mask.IndexOfAnyExcept(0UL);
        return first < 0 ? (0, 0) : (first, mask.LastIndexOfAnyExcept(0UL) + 1);
    }

    /// <summary>The last CPU of the run of set bits that starts at <paramref name="from"/> (which is set): a word at a time.</summary>
    public static int RunEnd(ReadOnlySpan<ulong> mask, int from)
    {
        int word = from >> 6;
        ulong clear = ~mask[word] & (~0UL << (from & 63));            // the clear bits from there on
        while (clear == 0)
        {
            if (++word >= mask.Length)
                return (mask.Length << 6) - 1;
            clear = ~mask[word];
        }
        return (word << 6) + BitOperations.TrailingZeroCount(clear) - 1;
    }

    /// <summary>Whether some CPU is set in <paramref name="a"/> and clear in <paramref name="b"/> (as long): a vector of words at a time.</summary>
    public static bool AnyAndNot(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int w = 0;
        if (Vector.IsHardwareAccelerated)
            for (; w + Vector<ulong>.Count <= a.Length; w += Vector<ulong>.Count)
                if (Vector.AndNot(new Vector<ulong>(a[w..]), new Vector<ulong>(b[w..])) != Vector<ulong>.Zero)
                    return true;
        for (; w < a.Length; w++)
            if ((a[w] & ~b[w]) != 0)
                return true;
        return false;
    }

    /// <summary><paramref name="into"/> = <paramref name="a"/> &amp; <paramref name="b"/> &amp; ~<paramref name="c"/>; words past the end of <paramref name="b"/> are 0.</summary>
    public static void AndAndNot(Span<ulong> into, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> c)
    {
        int w = 0, common = Math.Min(into.Length, b.Length);
        if (Vector.IsHardwareAccelerated)
            for (; w + Vector<ulong>.Count <= common; w += Vector<ulong>.Count)
                Vector.AndNot(new Vector<ulong>(a[w..]) & new Vector<ulong>(b[w..]), new Vector<ulong>(c[w..])).CopyTo(into[w..]);
        for (; w < common; w++)
            into[w] = a[w] & b[w] & ~c[w];
        into[common..].Clear();
    }

    /// <summary>The lowest set CPU at or above <paramref name="from"/>, or -1.</summary>
    public static int Next(ReadOnlySpan<ulong> mask, int from)
    {
        int word = from >> 6;
        if (word >= mask.Length || from < 0)
            return -1;
        ulong bits = mask[word] & (~0UL << (from & 63));
        while (true)
        {
            if (bits != 0)
                return (word << 6) + BitOperations.TrailingZeroCount(bits);
            if (++word >= mask.Length)
                return -1;
            bits = mask[word];
        }
    }
}
