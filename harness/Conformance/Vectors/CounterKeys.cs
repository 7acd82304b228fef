using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>The counters <c>expect_counters</c> may name, and how each is read from a snapshot.</summary>
public static class CounterKeys
{
    public const string WarnPrefix = "warn:";

    /// <summary>
    /// One WARN site's counter key: the function and the condition as the source spells it, with its
    /// spaces left out so that the key is one token of the space-separated cell
    /// (<c>warn:topology_matches_l3:cpu&gt;=nr_cpu_ids</c>).
    /// </summary>
    public static string WarnKey(string function, string condition) => $"{WarnPrefix}{function}:{Unspaced(condition)}";

    private static string Unspaced(string condition) => condition.Replace(" ", "");   // the same string when it has no space

    private static readonly (string Key, Func<StateSnapshot, long> Read)[] Totals =
    [
        ("allocs_live", s => s.Counters.AllocsLive),
        ("allocs_total", s => (long)s.Counters.AllocsTotal),
        ("frees", s => (long)s.Counters.FreesTotal),
        ("alloc_failures", s => s.Counters.AllocFailures),
        ("double_frees", s => s.Counters.DoubleFrees),
        ("foreign_frees", s => s.Counters.ForeignFrees),
        ("warns", s => s.Counters.WarnHits),
        ("rules", s => s.Counters.RuleReports),
        ("violations", s => s.Counters.Violations),
        ("sync_rcu", s => s.Counters.SyncRcuCalls),
        ("events", s => s.Counters.EventsTotal),
    ];

    public static IEnumerable<string> Names => Totals.Select(t => t.Key);

    public static bool IsKnown(string key) => Totals.Any(t => t.Key == key);

    public static long Read(CounterExpectation expectation, StateSnapshot snapshot)
    {
        if (expectation.WarnFunction is { } function)
        {
            var sites = snapshot.WarnSites.AsSpan();
            foreach (ref readonly var site in sites)
                if (site.Function == function && Unspaced(site.Condition) == expectation.WarnCondition)
                    return site.Hits;
            return 0;
        }
        return Totals.First(t => t.Key == expectation.Key).Read(snapshot);
    }
}
