using System.Text.Json;
using Conformance.Intake;
using Conformance.Lockstep.Isolation;
using Conformance.Results;

namespace Conformance.Review;

/// <summary>
/// review-run.json: a review shard whole (each variant's deltas, and its base and variant runs of
/// the shard's scenarios), and the join of all n shards into the review of the whole suite.
/// </summary>
public static class ShardReview
{
    public const string FileName = "review-run.json";

    private sealed record Saved(string Patch, IReadOnlyList<VariantReview> Variants);

    public static void Write(string patch, IReadOnlyList<VariantReview> variants, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new Saved(patch,
            variants.Select(v => v with { BaseRun = v.BaseRun with { StepLogDirectory = null }, VariantRun = v.VariantRun with { StepLogDirectory = null } }).ToList()),
            WorkerWire.Options));

    public static bool IsReviewShard(string folder) => File.Exists(Path.Combine(folder, FileName));

    public static (string Patch, IReadOnlyList<VariantReview> Variants) Read(string folder)
    {
        var saved = Reports.ReportJson.Read<Saved>(Path.Combine(folder, FileName), WorkerWire.Options,
            saved => saved.Variants is { Count: > 0 } && saved.Variants.All(v => v.BaseRun.Shard is not null),
            "a review shard (its variants with their runs and place in the suite)", "a review shard as `conformance review --shard` writes it");
        return (saved.Patch, saved.Variants);
    }

    /// <summary>
    /// The suite's review from its shards: the same variants in each, the runs joined as a run's
    /// shards are, the deltas one after the other in suite order.
    /// </summary>
    public static IReadOnlyList<VariantReview> Merge(IReadOnlyList<(string Dir, IReadOnlyList<VariantReview> Variants)> shards)
    {
        var names = shards[0].Variants.Select(v => v.Name).ToList();
        foreach (var (dir, variants) in shards)
            if (!variants.Select(v => v.Name).SequenceEqual(names))
                throw new IntakeException(dir, 0, $"a shard of the same review as {shards[0].Dir} (variants {string.Join(", ", names)}), " +
                                                  $"but it reviewed {string.Join(", ", variants.Select(v => v.Name))}");
        var baseRun = Reports.ShardRun.Merge(shards.Select(s => (s.Dir, s.Variants[0].BaseRun)).ToList());
        var ordered = shards.OrderBy(s => s.Variants[0].BaseRun.Shard!.Index).ToList();
        return names.Select((name, i) =>
        {
            var parts = ordered.Select(s => s.Variants[i]).ToList();
            return new VariantReview(name, parts[0].Fixes, parts.Sum(p => p.Scenarios), parts.Sum(p => p.Steps), parts.Sum(p => p.Compared), parts.SelectMany(p => p.Deltas).ToList(),
                baseRun, Reports.ShardRun.Merge(ordered.Select(s => (s.Dir, s.Variants[i].VariantRun)).ToList()));
        }).ToList();
    }
}
