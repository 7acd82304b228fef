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
            foreach (var group in byVariant[variant.Name].SelectMany((keys, i) => keys.Select(k => (Key: k, Index: i))).GroupBy(x => x.Key))
                found.Add(new ExploredDelta(variant.Name, group.Key, group.Count(), shrinker.Shrink(scenarios[group.First().Index], group.Key)));
        }
        return (scenarios.Count, found);
    }

    // Per variant, per scenario: the behaviours it changes ("online: return codes 0 -> -EINVAL").
    private Dictionary<string, IReadOnlyList<IReadOnlySet<string>>> Behaviours(IReadOnlyList<GeneratedScenario> scenarios, ReviewVariant? only = null)
    {
        var name = $"explored-{_files++}.csv";
        File.WriteAllText(Path.Combine(scratch, name), GeneratedScenario.Csv(scenarios.Select((s, i) => ($"g{i}", s))));
        var (_, reviews) = pipeline.Run(baseRequest with { VectorRoot = scratch, Includes = [name], Excludes = [], SourceFile = null },
            only is null ? variants : [only with { SourceFile = null }]);
        return reviews.ToDictionary(r => r.Name, r => (IReadOnlyList<IReadOnlySet<string>>)Enumerable.Range(0, scenarios.Count)
            .Select(i => (IReadOnlySet<string>)r.Deltas.Where(d => d.Scenario == $"g{i}").Select(Behaviour).ToHashSet(StringComparer.Ordinal))
            .ToList());
    }

    private static string Behaviour(StepDelta d) =>
        $"{d.Op}: {string.Join(", ", d.Changes.Where(c => c.Kind == DeltaKind.ReturnCodes).Select(c => $"returns {c.Base} -> {c.Variant}")
            .Concat(d.Changes.Where(c => c.Kind != DeltaKind.ReturnCodes).Select(c => VariantReview.Describe(c.Kind))).Distinct())}";

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
