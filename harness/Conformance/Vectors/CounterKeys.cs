using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>The counters <c>expect_counters</c> may name, and how each is read from a snapshot.</summary>
public static class CounterKeys
{
    public const string WarnPrefix = "warn:";

    /// <summary>A CPU's default MPAM0_EL1 field: <c>cpu_default:2:partid_d</c>.</summary>
    public const string CpuDefaultPrefix = "cpu_default:";

    /// <summary>A field of a CPU's MPAM0_EL1 as the last switch-in wrote it: <c>cpu_register:2:partid_d</c>.</summary>
    public const string CpuRegisterPrefix = "cpu_register:";

    /// <summary>A field of a task's MPAM0_EL1 value (task 0 is current): <c>task:0:partid_d</c>.</summary>
    public const string TaskPrefix = "task:";

    /// <summary>The keys naming a field of one of several MPAM0_EL1 values, and what each names.</summary>
    public static readonly (string Prefix, RegisterKind Kind)[] RegisterPrefixes =
        [(TaskPrefix, RegisterKind.Task), (CpuDefaultPrefix, RegisterKind.CpuDefault), (CpuRegisterPrefix, RegisterKind.CpuRegister)];

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
        ("wake_ups", s => s.Counters.WakeUps),
        ("events", s => s.Counters.EventsTotal),
        // Not totals: values the file set. The filesystem's rmid reuse limit and threshold, and the
        // MPAM0_EL1 fields it left in the global default.
        ("rmid_realloc_limit", s => s.Lifecycle.RmidReallocLimit),
        ("rmid_realloc_threshold", s => s.Lifecycle.RmidReallocThreshold),
        ("default_partid_d", s => RegisterText.PartidD(s.Registers.GlobalDefault)),
        ("default_partid_i", s => RegisterText.PartidI(s.Registers.GlobalDefault)),
        ("default_pmg_d", s => RegisterText.PmgD(s.Registers.GlobalDefault)),
        ("default_pmg_i", s => RegisterText.PmgI(s.Registers.GlobalDefault)),
    ];

    /// <summary>The fields of an MPAM0_EL1 value a key may name.</summary>
    public static readonly string[] RegisterFields = ["partid_d", "partid_i", "pmg_d", "pmg_i"];

    private static long Field(ulong regval, string field) => field switch
    {
        "partid_d" => RegisterText.PartidD(regval),
        "partid_i" => RegisterText.PartidI(regval),
        "pmg_d" => RegisterText.PmgD(regval),
        _ => RegisterText.PmgI(regval),
    };

    public static IEnumerable<string> Names => Totals.Select(t => t.Key);

    /// <summary>Every form a key may take, for a message that says what was expected.</summary>
    public static string Forms => $"{string.Join(", ", Names)}, warn:FUNC:COND, task:TASK:FIELD, cpu_default:CPU:FIELD or cpu_register:CPU:FIELD";

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
        if (expectation.Register != RegisterKind.None)
        {
            string field = expectation.Key[(expectation.Key.LastIndexOf(':') + 1)..];
            if (expectation.Register == RegisterKind.Task)
                return Field(snapshot.Registers.Tasks[expectation.Index], field);
            if (snapshot.CpuRegistersOf(expectation.Index) is not { } run)
                return -1;                                          // not a possible CPU: no value to equal
            return Field(expectation.Register == RegisterKind.CpuRegister ? run.Current : run.Default, field);
        }
        return Totals.First(t => t.Key == expectation.Key).Read(snapshot);
    }
}
