using CsCheck;

namespace Conformance.Explore;

/// <summary>
/// The op grammar of the seed family as CsCheck generators: a platform of 1 to 4096 CPUs with an
/// L3 cache class and maybe a memory class, whose components' affinities nest, overlap, leave
/// CPUs uncovered and repeat ids; L3 (and MBA) mapped, alloc_capable or not; setup once, anywhere
/// among onlines and offlines in any order, and injected faults (an allocation, a filesystem call).
/// Deterministic for a seed: the same PCG gives the same scenarios.
/// </summary>
public static class ScenarioGrammar
{
    /// <summary>
    /// The grammar of the family being run: the seed's (the scenario maps classes to resources), or
    /// that of a revision that picks its classes itself (<see cref="PickedClassesGrammar"/>), with
    /// the monitor ops only where the family has monitors.
    /// </summary>
    public static Gen<GeneratedScenario> For(string family, bool picksClasses, IReadOnlyList<string> features) =>
        picksClasses ? PickedClassesGrammar.Create(features, monitors: family == Model.ModelFamilies.Mainline.Name) : Seed;

    /// <summary>Whether a scenario is one the family's grammar could make (what the shrinker keeps to).</summary>
    public static Func<GeneratedScenario, bool>? WellFormedFor(bool picksClasses) =>
        picksClasses ? PickedClassesGrammar.WellFormed : null;

    internal static readonly Gen<int> CpuCount = Gen.Frequency((6, Gen.Int[1, 8]), (3, Gen.Int[9, 64]), (1, Gen.Const(4096)));

    public static Gen<GeneratedScenario> Seed { get; } =
        from cpus in CpuCount
        from memoryClass in Gen.Bool
        from l3Components in Component(cpus).Array[1, 3]
        from mbaComponents in Component(cpus).Array[1, 2]
        from l3Capable in Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false)))
        from mbaCapable in Gen.Bool
        from ops in Op(cpus).Array[1, 8]
        from setupAt in Gen.Int[0, 11]
        select Build(cpus, memoryClass, l3Components, mbaComponents, l3Capable, mbaCapable, ops, setupAt);

    // A component: an id (ids repeat), and a range of CPUs anywhere in the topology.
    internal static Gen<(int Id, int First, int Last)> Component(int cpus) =>
        from id in Gen.Int[0, 3]
        from first in Gen.Int[0, cpus - 1]
        from length in Gen.Frequency((3, Gen.Int[1, Math.Min(cpus, 4)]), (1, Gen.Int[1, cpus]))
        select (id, first, Math.Min(cpus - 1, first + length - 1));

    // CPUs to switch: the first few mostly (where components meet, and the same CPU goes up and
    // down again), anywhere sometimes.
    // Each op is a row, or a CPU's bounce (offline, online again: where a domain the lookup
    // missed keeps a CPU it then finds elsewhere).
    internal static Gen<int> Cpu(int cpus) =>
        Gen.Frequency((4, Gen.Int[0, Math.Min(cpus, 4) - 1]), (2, Gen.Int[0, Math.Min(cpus, 8) - 1]), (1, Gen.Int[0, cpus - 1]));

    private static Gen<GeneratedRow[]> Op(int cpus) =>
        Gen.Frequency(
        [
            .. Hotplug(cpus),
            (1, Gen.Int[1, 2].Select(n => new[] { new GeneratedRow("fail_alloc", $"nth={n}") })),
            (1, Gen.Const(new[] { new GeneratedRow("fail_fs", "call=online_ctrl_domain nth=1") })),
        ]);

    /// <summary>
    /// Onlines, offlines and bounces, as every family has them: weighted choices for a family's op
    /// frequency table (flat, so that each family draws them in one step).
    /// </summary>
    internal static (int, IGen<GeneratedRow[]>)[] Hotplug(int cpus)
    {
        var cpu = Cpu(cpus);
        return
        [
            (5, cpu.Select(c => new[] { new GeneratedRow("online", $"cpu={c}") })),
            (4, cpu.Select(c => new[] { new GeneratedRow("offline", $"cpu={c}") })),
            (2, cpu.Select(c => new[] { new GeneratedRow("offline", $"cpu={c}"), new GeneratedRow("online", $"cpu={c}") })),
            // Two CPUs up, the first down and up again: where one CPU's lookup meets a domain the
            // other's component made (overlapping affinities).
            (1, Gen.Select(cpu, cpu, (a, b) => new[]
            {
                new GeneratedRow("online", $"cpu={a}"), new GeneratedRow("online", $"cpu={b}"),
                new GeneratedRow("offline", $"cpu={a}"), new GeneratedRow("online", $"cpu={a}"),
            })),
        ];
    }

    private static GeneratedScenario Build(int cpus, bool memoryClass, (int Id, int First, int Last)[] l3, (int Id, int First, int Last)[] mba,
        bool l3Capable, bool mbaCapable, GeneratedRow[][] ops, int setupAt)
    {
        var rows = new List<GeneratedRow> { new("topology", $"cpus={cpus}"), new("class", "id=0 type=cache level=3") };
        rows.AddRange(l3.Select(c => new GeneratedRow("component", $"class=0 id={c.Id} cpus={c.First}-{c.Last}")));
        if (memoryClass)
        {
            rows.Add(new("class", "id=1 type=memory"));
            rows.AddRange(mba.Select(c => new GeneratedRow("component", $"class=1 id={c.Id} cpus={c.First}-{c.Last}")));
        }
        rows.Add(new("map", $"res=L3 class=0 alloc_capable={(l3Capable ? 1 : 0)}"));
        if (memoryClass)
            rows.Add(new("map", $"res=MBA class=1 alloc_capable={(mbaCapable ? 1 : 0)}"));
        var steps = ops.SelectMany(o => o).ToList();
        steps.Insert(Math.Min(setupAt, steps.Count), new GeneratedRow("setup", ""));
        rows.AddRange(steps);
        return new GeneratedScenario(rows);
    }
}
