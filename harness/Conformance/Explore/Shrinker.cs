namespace Conformance.Explore;

/// <summary>
/// Shrinks a scenario that shows a fact to a minimal one that still shows it: fewest rows, then
/// fewest CPUs, classes and components. Shrinking works on the op sequence, not through
/// CsCheck's generator-level shrinking: every candidate must be checked against the patch's real
/// C code in a sandboxed worker, and a whole round of candidates (each one row or one class
/// fewer, or fewer CPUs) goes to one run, which costs about what one candidate would alone.
/// Every candidate is a valid vector: a class goes with its components and maps, CPUs shrink
/// with every affinity clipped, and a sequence the grammar calls well formed (no schemata write
/// left without its mount).
/// </summary>
public sealed class Shrinker(Func<IReadOnlyList<GeneratedScenario>, IReadOnlyList<IReadOnlySet<string>>> showsFacts,
    Func<GeneratedScenario, bool>? wellFormed = null)
{
    public GeneratedScenario Shrink(GeneratedScenario scenario, string fact, int maxRounds = 64) =>
        ShrinkAll([(scenario, fact)], maxRounds)[0];

    /// <summary>
    /// Shrinks many scenarios at once, each to its own fact: every round's candidates of every
    /// scenario still shrinking go to one run, so that the workers of all cores share them and a
    /// round costs one start-up, not one per scenario. Each result is what shrinking it alone gives.
    /// </summary>
    public IReadOnlyList<GeneratedScenario> ShrinkAll(IReadOnlyList<(GeneratedScenario Scenario, string Fact)> targets, int maxRounds = 64)
    {
        var current = targets.Select(t => t.Scenario).ToArray();
        var active = Enumerable.Range(0, targets.Count).ToList();
        for (int round = 0; round < maxRounds && active.Count > 0; round++)
        {
            var candidates = active.Select(t => Candidates(current[t]).Where(c => wellFormed?.Invoke(c) ?? true).ToList()).ToList();
            var all = candidates.SelectMany(c => c).ToList();
            if (all.Count == 0)
                break;
            var shown = showsFacts(all);
            var still = new List<int>();
            int offset = 0;
            for (int i = 0; i < active.Count; i++)
            {
                int t = active[i], count = candidates[i].Count;
                int winner = Enumerable.Range(0, count).FirstOrDefault(k => shown[offset + k].Contains(targets[t].Fact), -1);
                offset += count;
                if (winner < 0)
                    continue;
                current[t] = candidates[i][winner];
                still.Add(t);
            }
            active = still;
        }
        return current;
    }

    // Smaller scenarios first: a whole mounted session fewer (a mount, its actions and its unmount:
    // no one of them goes alone while the others stay well formed), a row fewer, a class fewer,
    // then fewer CPUs.
    public static IEnumerable<GeneratedScenario> Candidates(GeneratedScenario s)
    {
        var rows = s.Rows;
        for (int i = rows.Count - 1; i >= 0; i--)
        {
            if (rows[i].Op != "mount")
                continue;
            int end = Enumerable.Range(i + 1, rows.Count - i - 1).FirstOrDefault(k => rows[k].Op == "unmount", rows.Count - 1);
            if (end > i)
                yield return new GeneratedScenario(rows.Where((_, k) => k < i || k > end).ToList());
        }
        for (int i = rows.Count - 1; i >= 0; i--)
        {
            var row = rows[i];
            if (row.Op is "topology" or "class")
                continue;
            yield return new GeneratedScenario(rows.Where((_, k) => k != i).ToList());
        }
        foreach (var classRow in rows.Where(r => r.Op == "class"))
        {
            var id = Token(classRow.Args, "id");
            if (id == "0")
                continue;                                           // the L3 class stays: the scenario has no other
            yield return new GeneratedScenario(rows.Where(r => r != classRow && Token(r.Args, "class") != id).ToList());
        }
        // Smaller numbers: a component or cache down to one CPU (its first or its last), a
        // component to none, every CPU number moved down together, the topology cut to the CPUs named.
        for (int i = 0; i < rows.Count; i++)
            if (rows[i].Op is "component" or "cache" && Range(rows[i].Args) is var (first, last) && first < last)
                foreach (var narrowed in rows[i].Op == "component" ? new[] { $"{first}-{first}", $"{last}-{last}", "" } : [$"{first}-{first}", $"{last}-{last}"])
                    yield return new GeneratedScenario(rows.Select((r, k) => k == i ? r with { Args = WithToken(r.Args, "cpus", narrowed) } : r).ToList());
        int lowest = LowestCpu(rows);
        if (lowest > 0)
            yield return Shifted(s, lowest);
        int used = UsedCpus(rows);
        if (used < s.Cpus)
            yield return WithCpus(s, used);
    }

    // One key's value among the row's space-separated key=value arguments.
    private static string? Token(string args, string key) =>
        args.Split(' ').FirstOrDefault(t => t.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];

    private static string WithToken(string args, string key, string value) =>
        string.Join(' ', args.Split(' ').Select(t => t.StartsWith(key + "=", StringComparison.Ordinal) ? $"{key}={value}" : t));

    // The CPUs of a row that names them: a component's or a cache's range, a hotplug op's or a cpus write's CPU.
    private static (int First, int Last)? Range(string args)
    {
        if (Token(args, "cpu") is { } cpu)
            return (int.Parse(cpu), int.Parse(cpu));
        var range = Token(args, "cpus");
        if (string.IsNullOrEmpty(range))
            return null;
        var bounds = range.Split('-');
        return (int.Parse(bounds[0]), int.Parse(bounds[^1]));
    }

    private static bool NamesCpus(GeneratedRow r) => r.Op is "online" or "offline" or "cpus_write" or "component" or "cache";

    private static int LowestCpu(IReadOnlyList<GeneratedRow> rows)
    {
        int lowest = int.MaxValue;
        foreach (var r in rows.Where(NamesCpus))
            if (Range(r.Args) is var (first, _))
                lowest = Math.Min(lowest, first);
        return lowest == int.MaxValue ? 0 : lowest;
    }

    // Every CPU number down by d: the same platform and steps, relabelled.
    private static GeneratedScenario Shifted(GeneratedScenario s, int d) =>
        new(s.Rows.Select(r => r.Op switch
        {
            "topology" => r with { Args = WithToken(r.Args, "cpus", $"{s.Cpus - d}") },
            "online" or "offline" or "cpus_write" when Range(r.Args) is var (cpu, _) => r with { Args = WithToken(r.Args, "cpu", $"{cpu - d}") },
            "component" or "cache" when Range(r.Args) is var (first, last) => r with { Args = WithToken(r.Args, "cpus", $"{first - d}-{last - d}") },
            _ => r,
        }).ToList());

    // The CPUs the steps name, plus one: the topology can shrink to that.
    private static int UsedCpus(IReadOnlyList<GeneratedRow> rows)
    {
        int max = 0;
        foreach (var r in rows.Where(r => r.Op is "online" or "offline" or "cpus_write"))
            max = Math.Max(max, Range(r.Args)!.Value.First);
        return max + 1;
    }

    // The topology cut to `cpus`: every range clipped below it; a cache left with no CPU goes,
    // as does a second node that would have none.
    private static GeneratedScenario WithCpus(GeneratedScenario s, int cpus) =>
        new(s.Rows.Select(r => r.Op switch
        {
            "topology" => r with { Args = $"cpus={cpus}" + (Token(r.Args, "nodes") is { } nodes && int.Parse(nodes) <= cpus ? $" nodes={nodes}" : "") },
            "component" or "cache" => r with { Args = Clip(r.Args, cpus) },
            _ => r,
        }).Where(r => !(r.Op == "cache" && Token(r.Args, "cpus") == "")).ToList());

    // "class=0 id=1 cpus=2-9" with the range cut below cpus; an empty range stays empty ("cpus=").
    private static string Clip(string args, int cpus)
    {
        if (Range(args) is not var (first, last))
            return args;
        last = Math.Min(last, cpus - 1);
        return WithToken(args, "cpus", first <= last ? $"{first}-{last}" : "");
    }
}
