using Conformance.Observation;

namespace Conformance.Tests.Observation;

/// <summary>The mask operations the invariants use a vector at a time agree with the plain word-by-word definition, at every length.</summary>
public sealed class CpuMaskBitsTests
{
    // Masks on both sides of every vector width (2, 4 and 8 words), up to 4096 CPUs and past.
    private static readonly int[] Lengths = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65];

    [TestCaseSource(nameof(Lengths))]
    public void AnyAndNotFindsACpuSetInOneAndClearInTheOtherWhereverItIs(int words)
    {
        var a = new ulong[words];
        var b = new ulong[words];
        Array.Fill(a, 0xF0F0UL);
        Array.Fill(b, 0xF0F0UL);
        Assert.That(CpuMaskBits.AnyAndNot(a, b), Is.False);
        if (words == 0)
            return;
        a[^1] |= 1UL << 63;                                         // CPU 64 * words - 1
        Assert.That(CpuMaskBits.AnyAndNot(a, b), Is.True);
        Assert.That(CpuMaskBits.AnyAndNot(b, a), Is.False, "set in b and clear in a is not asked");
    }

    [TestCaseSource(nameof(Lengths))]
    public void AndAndNotIsTheWordByWordAndOfTheFirstTwoWithoutTheThird(int words)
    {
        var random = new Random(words);
        var a = new ulong[words];
        var b = new ulong[Math.Max(0, words - 3)];                    // shorter: the words past its end are 0
        var c = new ulong[words];
        foreach (var m in new[] { a, b, c })
            for (int w = 0; w < m.Length; w++)
                m[w] = (ulong)random.NextInt64();
        var into = Enumerable.Repeat(~0UL, words).ToArray();
        CpuMaskBits.AndAndNot(into, a, b, c);
        for (int w = 0; w < words; w++)
            Assert.That(into[w], Is.EqualTo(w < b.Length ? a[w] & b[w] & ~c[w] : 0UL), $"word {w}");
    }
}
