using System.Text;
using Conformance.Explore;
using Conformance.Lockstep;
using Conformance.Results;

namespace Conformance.Review;

/// <summary>One behaviour a fix changes on generated scenarios, with the shortest scenario that still shows it.</summary>
public sealed record ExploredDelta(string Variant, string Behaviour, int Scenarios, GeneratedScenario Minimal);

/// <summary>
/// The review over generated scenarios: the base and every variant run over the same scenarios
/// the explore grammar makes; each distinct behaviour a variant changes (the op, and what differs
/// at it) shrunk, as exploring shrinks a fact, to a minimal vector that shows the difference. Two
/// fixes that differ anywhere the grammar reaches are told apart, where the hand-written suite
/// may not reach.
/// </summary>
public sealed class ExploredReview(ReviewPipeline pipeline, RunRequest baseRequest, IReadOnlyList<ReviewVariant> variants, string scratch)
{
    private int _files;

    public (int Scenarios, IReadOnlyList<ExploredDelta> Deltas) Run(IReadOnlyList<GeneratedScenario> scenarios)
    {
        var found = new List<ExploredDelta>();
        var byVariant = Behaviours(scenarios);
        foreach (var variant in variants)
        {
            var shrinker = new Shrinker(candidates => Behaviours(candidates, variant)[variant.Name], ScenarioGrammar.WellFormedFor(baseRequest.PicksClasses));
            var groups = byVariant[variant.Name].SelectMany((keys, i) => keys.Select(k => (Key: k, Index: i))).GroupBy(x => x.Key).ToList();
            var minimal = shrinker.ShrinkAll(groups.Select(g => (scenarios[g.First().Index], g.Key)).ToList());
            found.AddRange(groups.Select((g, i) => new ExploredDelta(variant.Name, g.Key, g.Count(), minimal[i])));
        }
        return (scenarios.Count, found);
    }

    // Per variant, per scenario: the behaviours it changes ("online: return codes 0 -> -EINVAL").
    private Dictionary<string, IReadOnlyList<IReadOnlySet<string>>> Behaviours(IReadOnlyList<GeneratedScenario> scenarios, ReviewVariant? only = null)
    {
        var name = $"explored-{_files++}.csv";
        var path = Path.Combine(scratch, name);
        File.WriteAllText(path, GeneratedScenario.Csv(scenarios.Select((s, i) => ($"g{i}", s))));
        var (_, reviews) = pipeline.Run(baseRequest with { VectorRoot = scratch, Includes = [name], Excludes = [], SourceFile = null },
            only is null ? variants : [only with { SourceFile = null }]);
        File.Delete(path);                                          // a spent batch; the folder is listed at every run
        return reviews.ToDictionary(r => r.Name, r => (IReadOnlyList<IReadOnlySet<string>>)Enumerable.Range(0, scenarios.Count)
            .Select(i => ChangesOf(r.Deltas.Where(d => d.Scenario == $"g{i}").OrderBy(d => d.Step).ToList()))
            .ToList());
    }

    // A scenario's behaviour changes: where the variant first differs, and every step whose return
    // code differs; other differences after the first follow from what came before.
    private static IReadOnlySet<string> ChangesOf(IReadOnlyList<StepDelta> deltas) =>
        deltas.Where((d, k) => k == 0 || d.Changes.Any(c => c.Kind == DeltaKind.ReturnCodes)).Select(Behaviour).ToHashSet(StringComparer.Ordinal);

    // Named by the op and its return codes when they differ, else by what differs there.
    private static string Behaviour(StepDelta d) =>
        d.Changes.FirstOrDefault(c => c.Kind == DeltaKind.ReturnCodes) is { } rc
            ? $"{d.Op}: returns {rc.Base} -> {rc.Variant}"
            : $"{d.Op}: {string.Join(", ", d.Changes.Select(c => c.Kind).Distinct().Order().Select(VariantReview.Describe))}";

    public static string Text(int scenarios, IReadOnlyList<ExploredDelta> deltas, IReadOnlyList<string> variantNames)
    {
        var text = new StringBuilder();
        Reports.TextSummary.Paragraph(text, $"Over {scenarios} generated scenarios (the explore grammar), each fix against the patch:");
        foreach (var name in variantNames)
        {
            var mine = deltas.Where(d => d.Variant == name).ToList();
            Reports.TextSummary.Paragraph(text, mine.Count == 0 ? $"{name}: no behaviour changes in any of them."
                : $"{name}: {mine.Count} distinct behaviour change(s).");
            foreach (var d in mine)
            {
                var lines = new List<string>();
                Reports.TextSummary.Wrap(lines, $"At {d.Behaviour} (in {d.Scenarios} scenario(s)); the shortest ({d.Minimal.Steps} rows):", "  ");
                lines.Add("");
                lines.AddRange(GeneratedScenario.Csv([("min", d.Minimal)]).TrimEnd('\n').Split('\n'));
                text.AppendJoin('\n', lines).Append("\n\n");
            }
        }
        return text.ToString();
    }
}
