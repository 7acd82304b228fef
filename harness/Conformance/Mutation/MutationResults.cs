using Conformance.Reports;

namespace Conformance.Mutation;

/// <summary>
/// A mutation run's results: every mutant judged, of the patch's file (its blob), and which share
/// of all the mutants they are (shard i of n: the mutants whose 0-based index k has k mod n = i - 1).
/// The functions of the file no model renders are named: no step drives them, so their mutants are
/// judged but not scored (the suite's score is over what the model renders, as coverage's is).
/// An interrupted run (Ctrl-C) judged only some of its share: the score is theirs, and says so.
/// </summary>
public sealed record MutationResults(string Patch, string Blob, int ShardIndex, int ShardCount, int AllMutants, IReadOnlyList<MutantResult> Results,
    IReadOnlyList<string> NotModelled, bool Interrupted = false)
{
    /// <summary>Whether the mutant is in a function the model renders: one the score counts.</summary>
    public bool Scored(MutantResult result) => !NotModelled.Contains(result.Mutant.Function, StringComparer.Ordinal);

    /// <summary>
    /// All the mutants from the n shards of one mutation run: the same file and mutants, each
    /// shard once, every mutant once; in mutant order, as one machine judging them all lists them.
    /// </summary>
    public static MutationResults Merge(IReadOnlyList<(string Dir, MutationResults Run)> shards)
    {
        var first = shards[0];
        foreach (var (dir, run) in shards)
            if (run.Blob != first.Run.Blob || run.AllMutants != first.Run.AllMutants)
                throw new Intake.IntakeException(dir, 0, $"a shard of the same mutation run as {first.Dir} ({first.Run.AllMutants} mutants of blob {first.Run.Blob[..12]}), " +
                                                  $"but it has {run.AllMutants} mutants of blob {run.Blob[..Math.Min(12, run.Blob.Length)]}");
        var ordered = ShardSet.InOrder(shards, run => (run.ShardIndex, run.ShardCount));
        var results = ordered.SelectMany(s => s.Item.Results).OrderBy(r => r.Mutant.Id).ToList();
        if (results.Count != first.Run.AllMutants || results.Select(r => r.Mutant.Id).Distinct().Count() != results.Count)
            throw new Intake.IntakeException(string.Join(" ", shards.Select(s => s.Dir)), 0,
                $"shards that judge each of the {first.Run.AllMutants} mutants once, but they hold {results.Count} results for {results.Select(r => r.Mutant.Id).Distinct().Count()} mutants");
        return first.Run with { ShardIndex = 1, ShardCount = 1, Results = results };
    }
}
