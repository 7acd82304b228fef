namespace Conformance.Explore;

/// <summary>
/// Shrinks a scenario that shows a fact to a minimal one that still shows it: fewest rows, then
/// fewest CPUs, classes and components. Shrinking works on the op sequence, not through
/// CsCheck's generator-level shrinking: every candidate must be checked against the patch's real
/// C code in a sandboxed worker, and a whole round of candidates (each one row or one class
/// fewer, or fewer CPUs) goes to one run, which costs about what one candidate would alone.
/// Every candidate is a valid vector: a class goes with its components and maps, CPUs shrink
/// with every affinity clipped.
/// </summary>
public sealed class Shrinker(Func<IReadOnlyList<GeneratedScenario>, IReadOnlyList<IReadOnlySet<string>>> showsFacts)
{
    public GeneratedScenario Shrink(GeneratedScenario scenario, string fact, int maxRounds = 64)
    {
        var current = scenario;
        for (int round = 0; round < maxRounds; round++)
        {
            var candidates = Candidates(current).ToList();
            if (candidates.Count == 0)
                break;
            var shown = showsFacts(candidates);
            int winner = Enumerable.Range(0, candidates.Count).FirstOrDefault(i => shown[i].Contains(fact), -1);
            if (winner < 0)
                break;
            current = candidates[winner];
        }
        return current;
    }

    // Smaller scenarios first: a row fewer, a class fewer, then fewer CPUs.
    public static IEnumerable<GeneratedScenario> Candidates(GeneratedScenario s)
    {
        var rows = s.Rows;
        for (int i = rows.Count - 1; i >= 0; i--)
        {
            var row = rows[i];
            if (row.Op is "topology" or "class")
                continue;
            yield return new GeneratedScenario(rows.Where((_, k) => k != i).ToList());
        }
        foreach (var classRow in rows.Where(r => r.Op == "class"))
        {
            var id = classRow.Args.Split(' ')[0]["id=".Length..];
            if (id == "0")
                continue;                                           // the L3 class stays: the scenario has no other
            yield return new GeneratedScenario(rows.Where(r => r != classRow
                && !(r.Op is "component" or "map" && r.Args.Contains($"class={id} ", StringComparison.Ordinal))).ToList());
        }
        // Smaller numbers: a component down to one CPU (its first or its last) or none,
        // every CPU number moved down together, the topology cut to the CPUs named.
        for (int i = 0; i < rows.Count; i++)
            if (rows[i].Op == "component" && Range(rows[i].Args) is var (first, last) && first < last)
                foreach (var narrowed in new[] { $"{first}-{first}", $"{last}-{last}", "" })
                    yield return new GeneratedScenario(rows.Select((r, k) => k == i ? r with { Args = WithRange(r.Args, narrowed) } : r).ToList());
        int lowest = LowestCpu(rows);
        if (lowest > 0)
            yield return Shifted(s, lowest);
        int used = UsedCpus(rows);
        if (used < s.Cpus)
            yield return WithCpus(s, used);
    }

    private static (int First, int Last)? Range(string args)
    {
        var range = args[(args.IndexOf("cpus=", StringComparison.Ordinal) + "cpus=".Length)..];
        if (range.Length == 0)
            return null;
        var bounds = range.Split('-');
        return (int.Parse(bounds[0]), int.Parse(bounds[^1]));
    }

    private static string WithRange(string args, string range) => args[..args.IndexOf("cpus=", StringComparison.Ordinal)] + "cpus=" + range;

    private static int LowestCpu(IReadOnlyList<GeneratedRow> rows)
    {
        int lowest = int.MaxValue;
        foreach (var r in rows)
            if (r.Op is "online" or "offline")
                lowest = Math.Min(lowest, int.Parse(r.Args["cpu=".Length..]));
            else if (r.Op == "component" && Range(r.Args) is var (first, _))
                lowest = Math.Min(lowest, first);
        return lowest == int.MaxValue ? 0 : lowest;
    }

    // Every CPU number down by d: the same platform and steps, relabelled.
    private static GeneratedScenario Shifted(GeneratedScenario s, int d) =>
        new(s.Rows.Select(r => r.Op switch
        {
            "topology" => r with { Args = $"cpus={s.Cpus - d}" },
            "online" or "offline" => r with { Args = $"cpu={int.Parse(r.Args["cpu=".Length..]) - d}" },
            "component" when Range(r.Args) is var (first, last) => r with { Args = WithRange(r.Args, $"{first - d}-{last - d}") },
            _ => r,
        }).ToList());

    // The CPUs the steps name, plus one: the topology can shrink to that.
    private static int UsedCpus(IReadOnlyList<GeneratedRow> rows)
    {
        int max = 0;
        foreach (var r in rows.Where(r => r.Op is "online" or "offline"))
            max = Math.Max(max, int.Parse(r.Args["cpu=".Length..]));
        return max + 1;
    }

    private static GeneratedScenario WithCpus(GeneratedScenario s, int cpus) =>
        new(s.Rows.Select(r => r.Op switch
        {
            "topology" => r with { Args = $"cpus={cpus}" },
            "component" => r with { Args = Clip(r.Args, cpus) },
            _ => r,
        }).ToList());

    // "class=0 id=1 cpus=2-9" with the range cut below cpus; an empty range stays empty ("cpus=").
    private static string Clip(string args, int cpus)
    {
        int at = args.IndexOf("cpus=", StringComparison.Ordinal);
        var range = args[(at + "cpus=".Length)..];
        if (range.Length == 0)
            return args;
        var bounds = range.Split('-');
        int first = int.Parse(bounds[0]), last = int.Parse(bounds[^1]);
        last = Math.Min(last, cpus - 1);
        return args[..at] + (first <= last ? $"cpus={first}-{last}" : "cpus=");
    }
}
