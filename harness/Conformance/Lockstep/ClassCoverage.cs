using Conformance.Observation;
using Conformance.Vectors;

namespace Conformance.Lockstep;

/// <summary>
/// Which CPUs each class's components cover, as the scenario has described them so far.
/// The invariants need it ("every online CPU is in a domain of each resource whose class
/// covers it") and neither side's snapshot carries it.
/// </summary>
public sealed class ClassCoverage
{
    private readonly Dictionary<int, ulong[]> _byClass = [];
    private int _words;

    /// <summary>Changes with every change of any coverage, unique across instances: what was checked against it holds while it stays.</summary>
    public long Version { get; private set; } = NextVersion();

    private static long _versions;

    private static long NextVersion() => Interlocked.Increment(ref _versions);

    public void Reset(int words)
    {
        _byClass.Clear();
        _words = words;
        Version = NextVersion();
    }

    public void Observe(Step step)
    {
        if (step.Op == StepOp.Topology)
            Reset(CpuMaskBits.WordsFor(step.ArgsAs<TopologyArgs>().Cpus));
        else if (step.Op == StepOp.Component)
        {
            var c = step.ArgsAs<ComponentArgs>();
            if (!_byClass.TryGetValue(c.ClassId, out var mask))
                _byClass[c.ClassId] = mask = new ulong[_words];
            for (int w = 0; w < Math.Min(mask.Length, c.Affinity.Length); w++)
                mask[w] |= c.Affinity[w];
            Version = NextVersion();
        }
    }

    /// <summary>The CPUs the class's components cover; empty for a class with none.</summary>
    public ReadOnlySpan<ulong> Of(int classId) => ArrayOf(classId);

    /// <summary>The same, as the array it is kept in: a later component row of the class writes into it and moves <see cref="Version"/>.</summary>
    internal ulong[]? ArrayOf(int classId) => _byClass.TryGetValue(classId, out var m) ? m : null;
}
