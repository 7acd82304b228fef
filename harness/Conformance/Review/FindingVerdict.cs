using Conformance.Observation;
using Conformance.Reports;
using Conformance.Results;

namespace Conformance.Review;

/// <summary>
/// One finding a fix removes, adds or keeps: the fact, where in the source (and that line's
/// text), the scenarios it concerns, and the shortest vector that shows it.
/// </summary>
public sealed record FactChange(string Kind, string Fact, string Text, string? Where, string? Quote,
    IReadOnlyList<string> Scenarios, MinimalVector? Reproducer)
{
    public override string ToString() =>
        $"{Kind}: {Text}{(Where is null ? "" : $" (at {Where})")} (in {string.Join(", ", Scenarios)})";

    /// <summary>"the MBA leak at mpam_resctrl.c:173", "the WARN at :266" (after a place in the same file), or the sentence of a fact with no site.</summary>
    public string Name(ref string? lastFile)
    {
        if (Where is null)
            return Text.TrimEnd('.');
        var (file, line) = Place(Where);
        string at = file == lastFile ? $":{line}" : $"{file}:{line}";
        lastFile = file;
        return Kind switch
        {
            "leak" => $"the {(Resource is { Length: > 0 } r ? r + " " : "")}leak at {at}",
            "WARN" => $"the WARN at {at}",
            _ => $"the {Kind} report at {at}",
        };
    }

    // A leak's fact is "leak:site:resource".
    private string? Resource => Kind == "leak" ? Fact[(Fact.LastIndexOf(':') + 1)..] : null;

    // "drivers/resctrl/mpam_resctrl.c:173: f()" -> ("mpam_resctrl.c", "173")
    private static (string File, string Line) Place(string where)
    {
        var parts = where.Split(':');
        return (Path.GetFileName(parts[0]), parts.Length > 1 ? parts[1] : "");
    }
}

/// <summary>
/// Return codes a fix changes, by operation and by the codes before and after: where, and the
/// shortest vector that shows it. A regression when an operation the system needs (a CPU coming
/// online, setup) succeeded before and fails now, whatever the fix meant.
/// </summary>
public sealed record ReturnCodeChange(string Op, string Base, string Variant, int Steps, IReadOnlyList<string> Scenarios, MinimalVector Reproducer)
{
    public bool IsRegression => Op is "online" or "setup" && Base == "0" && Variant != "0";

    public string Sentence() =>
        IsRegression ? $"makes {Op} fail with {Variant} ({Where()})"
        : Variant == RcText.NotRun ? $"means {Op} is not run ({Where()})"
        : $"changes what {Op} returns from {Base} to {Variant} ({Where()})";

    private string Where() => $"{Counted.Of(Steps, "step")} in {string.Join(", ", Scenarios)}";
}

/// <summary>
/// What a fix does to the findings, by fact (kind, site, resource: never the counts, nor the
/// source line, which a fix may move): the ones it removes, adds and keeps; and the return codes
/// it changes, regressions among them. A finding the variant never got to (its scenario crashed or
/// hung at or before the step the base showed it at) is neither removed nor kept: not reached.
/// </summary>
public sealed record FindingVerdict(
    IReadOnlyList<FactChange> Removed,
    IReadOnlyList<FactChange> Added,
    IReadOnlyList<FactChange> Kept,
    IReadOnlyList<ReturnCodeChange> ReturnCodes,
    IReadOnlyList<FactChange>? Unreached = null,
    IReadOnlyList<string>? DiedIn = null)
{
    public IReadOnlyList<ReturnCodeChange> Regressions => ReturnCodes.Where(r => r.IsRegression).ToList();

    public static FindingVerdict Of(VariantReview review)
    {
        // A fact is held scenario by scenario: a fix may remove a leak in one scenario and keep
        // the same site's leak in another.
        var before = Facts(review.BaseRun);
        var after = Facts(review.VariantRun);
        // By name, as the facts are: two scenarios of one name count as dying at the earlier step.
        var diedAt = new Dictionary<string, int>();
        foreach (var s in review.VariantRun.Scenarios.Where(s => s.Died))
            diedAt[s.Name] = Math.Min(s.FirstFailure?.Step ?? 0, diedAt.GetValueOrDefault(s.Name, int.MaxValue));
        bool Reached(KeyValuePair<(string Kind, string Fact, string Scenario), (ScenarioResult Scenario, Finding Finding)> f) =>
            !diedAt.TryGetValue(f.Key.Scenario, out int at) || f.Value.Finding.Step < at;
        var gone = before.Where(f => !after.ContainsKey(f.Key)).ToList();
        return new FindingVerdict(
            Changes(gone.Where(Reached)),
            Changes(after.Where(f => !before.ContainsKey(f.Key))),
            Changes(before.Where(f => after.ContainsKey(f.Key))),
            ReturnCodeChanges(review.Deltas),
            Changes(gone.Where(f => !Reached(f))),
            [.. diedAt.Keys]);
    }

    private static List<ReturnCodeChange> ReturnCodeChanges(IReadOnlyList<StepDelta> deltas) =>
        deltas.SelectMany(d => d.Changes.Where(c => c.Kind == DeltaKind.ReturnCodes).Select(c => (Delta: d, Change: c)))
            .GroupBy(x => (x.Delta.Op, x.Change.Base, x.Change.Variant))
            .Select(g => new ReturnCodeChange(g.Key.Op, g.Key.Base, g.Key.Variant, g.Count(),
                g.Select(x => x.Delta.Scenario).Distinct().ToList(),
                g.Select(x => new MinimalVector(x.Delta.Scenario, x.Delta.File, x.Delta.Line, x.Delta.Step + 1))
                    .Aggregate((MinimalVector?)null, MinimalVector.Shorter)!))
            .ToList();

    /// <summary>Each finding of each scenario, on the C side (the model may be another variant), by fact.</summary>
    private static Dictionary<(string Kind, string Fact, string Scenario), (ScenarioResult Scenario, Finding Finding)> Facts(RunResult run)
    {
        var facts = new Dictionary<(string, string, string), (ScenarioResult, Finding)>();
        foreach (var s in run.Scenarios)
            foreach (var f in s.Findings)
                if (f.Side != FindingSide.Model)
                    facts.TryAdd((f.Kind, f.Identity, s.Name), (s, f));
        return facts;
    }

    private static List<FactChange> Changes(IEnumerable<KeyValuePair<(string Kind, string Fact, string Scenario), (ScenarioResult Scenario, Finding Finding)>> facts) =>
        facts.GroupBy(f => (f.Key.Kind, f.Key.Fact))
            .Select(g =>
            {
                var located = g.Select(f => f.Value.Finding).FirstOrDefault(f => f.Where is not null) ?? g.First().Value.Finding;
                return new FactChange(g.Key.Kind, g.Key.Fact, g.First().Value.Finding.Text, located.Where, located.Quote,
                    g.Select(f => f.Key.Scenario).Distinct().ToList(),
                    g.Select(f => new MinimalVector(f.Value.Scenario.Name, f.Value.Scenario.File, f.Value.Finding.Line, f.Value.Finding.Step + 1))
                        .Aggregate((MinimalVector?)null, MinimalVector.Shorter));
            })
            .ToList();

    /// <summary>Whether the fix makes a named kind of finding appear, or (for "regression") breaks an operation.</summary>
    public bool Fails(IReadOnlySet<string> failOn) =>
        (failOn.Contains(FindingCategories.Regression) && Regressions.Count > 0)
        || Added.Any(f => failOn.Contains(FindingCategories.Of(new Finding(0, 0, FindingSide.Both, f.Kind, f.Text))));

    /// <summary>
    /// The verdict in one line a reviewer can quote: "removes the MBA leak at mpam_resctrl.c:173
    /// and the WARN at :266; adds: ...; makes online fail with -EINVAL (...); keeps 11 findings".
    /// </summary>
    public string Sentence()
    {
        var parts = new List<string>();
        string? lastFile = null;
        // What a reviewer needs first: the change takes the kernel down.
        if (DiedIn is { Count: > 0 })
            parts.Add($"crashes or hangs in {Counted.Of(DiedIn.Count, "scenario")} ({List([.. DiedIn.Take(3), .. DiedIn.Count > 3 ? [$"{DiedIn.Count - 3} more"] : Array.Empty<string>()])})");
        if (Removed.Count > 0)
            parts.Add($"removes {List(Removed.Select(f => f.Name(ref lastFile)).ToList())}");
        if (Added.Count > 0)
            parts.Add($"adds: {List(Added.Select(f => f.Name(ref lastFile)).ToList())}");
        parts.AddRange(ReturnCodes.OrderBy(r => r.IsRegression ? 0 : 1).Select(r => r.Sentence()));
        if (Kept.Count > 0)
            parts.Add($"keeps {Counted.Of(Kept.Count, "finding")}");
        if (Unreached is { Count: > 0 })
            parts.Add($"does not reach {Counted.Of(Unreached.Count, "finding")} (it crashed or hung first)");
        return parts.Count == 0 ? "no finding either way" : string.Join("; ", parts);
    }

    /// <summary>The variant's verdict as a reply states it: what it changes, or that it changes nothing, then the findings it keeps.</summary>
    public static string Line(VariantReview v) =>
        v.ChangesBehaviour ? Of(v).Sentence() : $"{v.Verdict}; {Of(v).Sentence()}";

    private static string List(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";
}
