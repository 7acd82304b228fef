using Conformance.Reports;
using Conformance.Results;

namespace Conformance.Review;

/// <summary>One finding a fix removes, adds or keeps: the fact, where in the source, and the scenarios it concerns.</summary>
public sealed record FactChange(string Kind, string Text, string? Where, IReadOnlyList<string> Scenarios)
{
    public override string ToString() =>
        $"{Kind}: {Text}{(Where is null ? "" : $" (at {Where})")} (in {string.Join(", ", Scenarios)})";
}

/// <summary>
/// What a fix does to the findings, by fact (kind and sentence; neither the counts nor the
/// source line, which a fix may move): the ones it removes, the ones it adds, the ones it keeps;
/// and its regressions: steps where an operation the system needs (a CPU coming online, setup)
/// succeeded on the base and fails with the fix, whatever the fix meant.
/// </summary>
public sealed record FindingVerdict(
    IReadOnlyList<FactChange> Removed,
    IReadOnlyList<FactChange> Added,
    IReadOnlyList<FactChange> Kept,
    IReadOnlyList<StepDelta> Regressions)
{
    public static FindingVerdict Of(VariantReview review)
    {
        // A fact is held scenario by scenario: the same sentence from two scenarios can be two
        // bugs (a leak of duplicate ids, a leak of a resource that is not alloc_capable), and a
        // fix may remove one and keep the other.
        var before = Facts(review.BaseRun);
        var after = Facts(review.VariantRun);
        var regressions = review.Deltas
            .Where(d => d.Op is "online" or "setup" && d.Changes.Any(c => c.Kind == DeltaKind.ReturnCodes && c.Base == "0" && c.Variant != "0"))
            .ToList();
        return new FindingVerdict(
            Changes(before.Where(f => !after.ContainsKey(f.Key))),
            Changes(after.Where(f => !before.ContainsKey(f.Key))),
            Changes(before.Where(f => after.ContainsKey(f.Key))),
            regressions);
    }

    /// <summary>Each finding of each scenario, on the C side (the model may be another variant), with its source line.</summary>
    private static Dictionary<(string Kind, string Text, string Scenario), string?> Facts(RunResult run)
    {
        var facts = new Dictionary<(string, string, string), string?>();
        foreach (var g in FindingGroups.Of(run))
            foreach (var (scenario, finding) in g.ShownBy)
                if (finding.Side != FindingSide.Model)
                    facts.TryAdd((g.Kind, g.Text, scenario.Name), finding.Where);
        return facts;
    }

    private static List<FactChange> Changes(IEnumerable<KeyValuePair<(string Kind, string Text, string Scenario), string?>> facts) =>
        facts.GroupBy(f => (f.Key.Kind, f.Key.Text))
            .Select(g => new FactChange(g.Key.Kind, g.Key.Text, g.Select(f => f.Value).FirstOrDefault(w => w is not null),
                g.Select(f => f.Key.Scenario).Distinct().ToList()))
            .ToList();

    /// <summary>Whether the fix makes a named kind of finding appear, or (for "regression") breaks an operation.</summary>
    public bool Fails(IReadOnlySet<string> failOn) =>
        (failOn.Contains(FindingCategories.Regression) && Regressions.Count > 0)
        || Added.Any(f => failOn.Contains(FindingCategories.Of(new Finding(0, 0, FindingSide.Both, f.Kind, f.Text))));

    /// <summary>The verdict in one line a reviewer can quote.</summary>
    public string Sentence()
    {
        var parts = new List<string>();
        if (Removed.Count > 0)
            parts.Add($"removes {Removed.Count} finding(s)");
        if (Added.Count > 0)
            parts.Add($"adds {Added.Count}");
        if (Kept.Count > 0)
            parts.Add($"keeps {Kept.Count}");
        if (Regressions.Count > 0)
        {
            var first = Regressions[0];
            var rc = first.Changes.First(c => c.Kind == DeltaKind.ReturnCodes);
            parts.Add($"regresses: {Regressions.Count} step(s) that succeeded now fail, first `{first.Op} {first.Args}` ({first.Scenario}) with {rc.Variant}");
        }
        return parts.Count == 0 ? "no finding either way" : string.Join("; ", parts);
    }
}
