using Conformance.Fuzz;
using Conformance.Tests.TestSupport;
using CsCheck;

namespace Conformance.Tests.Fuzz;

/// <summary>
/// The fuzz targets in process, without afl-fuzz: every seed, and generated mutations of the
/// seeds (bytes replaced, inserted, deleted; lines duplicated), are refused the documented
/// way or read, never end in another exception. CsCheck shrinks a failing input to a small one.
/// </summary>
public sealed class FuzzTargetTests
{
    private static IEnumerable<string> Targets() => FuzzTargets.All.Keys;

    [TestCaseSource(nameof(Targets))]
    public void EverySeedIsReadOrRefusedTheDocumentedWay(string target)
    {
        var seeds = Seeds.For(target, RepoPaths.Root).ToList();
        Assert.That(seeds, Is.Not.Empty);
        foreach (var (name, bytes) in seeds)
            Assert.DoesNotThrow(() => FuzzTargets.All[target](bytes), name);
    }

    [TestCaseSource(nameof(Targets))]
    public void MutatedSeedsAreReadOrRefusedTheDocumentedWay(string target)
    {
        var seeds = Seeds.For(target, RepoPaths.Root).Select(s => s.Bytes).Where(b => b.Length < 64 << 10).ToArray();
        var mutation = Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 8]);
        mutation.Sample((seed, kind, at, bytes) =>
        {
            var input = Mutate(seeds[seed], kind, at, bytes);
            FuzzTargets.All[target](input);
        }, iter: 400, seed: "0N0XIzNsQ0O2");
    }

    private static byte[] Mutate(byte[] seed, int kind, int at, byte[] bytes)
    {
        int i = seed.Length == 0 ? 0 : at % seed.Length;
        return kind switch
        {
            0 => [.. seed[..i], .. bytes, .. seed[Math.Min(seed.Length, i + bytes.Length)..]],   // replace
            1 => [.. seed[..i], .. bytes, .. seed[i..]],                                          // insert
            2 => [.. seed[..i], .. seed[Math.Min(seed.Length, i + bytes.Length)..]],              // delete
            _ => [.. seed[..i], .. seed[i..], .. seed[i..]],                                      // repeat the tail
        };
    }
}
