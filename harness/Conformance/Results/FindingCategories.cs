namespace Conformance.Results;

/// <summary>
/// What kind of fault a finding is, in the words <c>--fail-on</c> takes and a headline uses:
/// a leak, a WARN, a broken lockdep/RCU/KASAN rule, or a broken invariant (lists, placement,
/// freed memory, a mount cycle).
/// </summary>
public static class FindingCategories
{
    public const string Leak = "leak", Warn = "warn", Rule = "rule", Invariant = "invariant";

    /// <summary>For a review only: a fix makes an operation that succeeded fail.</summary>
    public const string Regression = "regression";

    /// <summary>Every category, in the order a headline names them.</summary>
    public static IReadOnlyList<string> All { get; } = [Leak, Warn, Rule, Invariant];

    public static string Of(Finding f) => f.Kind switch
    {
        "leak" => Leak,
        "WARN" => Warn,
        "invariant" or "use-after-free" or "double-free" or "foreign-free" => Invariant,
        _ => Rule,                                                  // lockdep, RCU, KASAN and list-debug reports, by their rule names
    };

    /// <summary>"leaks", "WARNs", ...: what the patch does, for a headline.</summary>
    public static string Verb(string category) => category switch
    {
        Leak => "leaks",
        Warn => "WARNs",
        Rule => "breaks a lockdep, RCU, KASAN or list-debug rule",
        _ => "breaks an invariant",
    };

    /// <summary>
    /// The run's one-line story: whether the two sides agree, and what the patch does besides.
    /// Example: "C and model agree on all 8870 steps; the patch leaks, WARNs and breaks a lockdep, RCU, KASAN or list-debug rule: 58 findings."
    /// </summary>
    public static string Headline(RunResult run)
    {
        string agreement = run.AllConform
            ? $"C and model agree on all {run.StepsRun} steps"
            : $"C and model disagree: {run.Scenarios.Count - run.Count(ScenarioOutcome.Conforms)} of {run.Scenarios.Count} scenarios failed";
        var present = All.Where(c => run.Scenarios.Any(s => s.Findings.Any(f => Of(f) == c))).Select(Verb).ToList();
        if (present.Count == 0)
            return $"{agreement}; no finding.";
        string what = present.Count == 1 ? present[0] : $"{string.Join(", ", present.Take(present.Count - 1))} and {present[^1]}";
        return $"{agreement}; the patch {what}: {Counted.Of(run.FindingCount, "finding")}.";
    }

    /// <summary>The findings of the named categories (for --fail-on), none when none is named.</summary>
    public static IReadOnlyList<Finding> Failing(RunResult run, IReadOnlySet<string> failOn) =>
        failOn.Count == 0 ? [] : run.Scenarios.SelectMany(s => s.Findings).Where(f => failOn.Contains(Of(f))).ToList();
}
