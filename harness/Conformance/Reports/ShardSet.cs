using Conformance.Intake;

namespace Conformance.Reports;

/// <summary>The report folders of one CI matrix, as `conformance merge` is given them: all n shards, each once.</summary>
public static class ShardSet
{
    /// <summary>
    /// The shards in index order, after checking that they are shards 1..n of the same n, each
    /// once; <paramref name="shardOf"/> says which one of how many a folder's results are.
    /// </summary>
    public static IReadOnlyList<(string Dir, T Item)> InOrder<T>(IReadOnlyList<(string Dir, T Item)> shards, Func<T, (int Index, int Count)> shardOf)
    {
        int n = shardOf(shards[0].Item).Count;
        foreach (var (dir, item) in shards)
            if (shardOf(item).Count != n)
                throw new IntakeException(dir, 0, $"a shard of {n}, as {shards[0].Dir} is, but it is shard {shardOf(item).Index}/{shardOf(item).Count}");
        var ordered = shards.OrderBy(s => shardOf(s.Item).Index).ToList();
        var missing = Enumerable.Range(1, n).Except(ordered.Select(s => shardOf(s.Item).Index)).ToList();
        if (missing.Count > 0 || ordered.Count != n)
            throw new IntakeException(string.Join(" ", shards.Select(s => s.Dir)), 0,
                $"all {n} shards once each, but {(missing.Count > 0 ? $"shard(s) {string.Join(", ", missing.Select(i => $"{i}/{n}"))} are missing" : "a shard is given twice")}");
        return ordered;
    }

    /// <summary>A shard's place as its results file keeps it: shard <see cref="Index"/> of <see cref="Count"/>.</summary>
    public sealed record Place(int Index, int Count);
}
