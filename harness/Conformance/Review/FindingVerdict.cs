using Conformance.Reports;
using Conformance.Results;

namespace Conformance.Review;

/// <summary>
/// What a fix does to the findings, by fact (kind and sentence; the counts are not the fact):
/// the ones it removes, the ones it adds, the ones it keeps; and its regressions: steps where
/// an operation the system needs (a CPU coming online, setup) succeeded on the base and fails
/// with the fix, whatever the fix meant.
/// </summary>
public sealed record FindingVerdict(
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Kept,
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
            Describe(before.Where(f => !after.Contains(f))),
            Describe(after.Where(f => !before.Contains(f))),
            Describe(before.Where(after.Contains)),
            regressions);
    }

    /// <summary>Each finding of each scenario: ("kind: sentence (at line)", scenario).</summary>
    private static HashSet<(string Fact, string Scenario)> Facts(RunResult run) =>
        FindingGroups.Of(run)
            .SelectMany(g => g.ShownBy
                .Where(x => x.Finding.Side != FindingSide.Model)     // what the C code does; the model may be another variant
                .Select(x => ($"{g.Kind}: {g.Text}{g.At(t => t)}", x.Scenario.Name)))
            .ToHashSet();

    /// <summary>"fact (in a, b)": one line per fact, with the scenarios it concerns.</summary>
    private static List<string> Describe(IEnumerable<(string Fact, string Scenario)> pairs) =>
        pairs.GroupBy(p => p.Fact).Select(g => $"{g.Key} (in {string.Join(", ", g.Select(p => p.Scenario).Distinct())})").ToList();

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
