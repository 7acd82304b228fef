using System.CommandLine;

namespace Conformance.Cli;

/// <summary>
/// <c>--shard i/n</c>: this machine's share of a CI matrix of n. Of mutants and generated scenarios,
/// the items whose 0-based index k has k mod n = i - 1; of a suite's scenarios (run, review), the
/// ith of n contiguous ranges of whole scenarios of about equal steps, so that `conformance merge`
/// joins the shards' reports in suite order. The items are the same on every machine
/// (deterministic order and seed), so the n shards together cover each exactly once.
/// </summary>
public sealed class ShardOption
{
    public Option<string?> Option { get; } = new("--shard") { Description = "this machine's share of n, i/n (1 <= i <= n); `conformance merge` joins the shards' report folders" };

    public (int Index, int Count) Parse(ParseResult parsed)
    {
        if (parsed.GetValue(Option) is not { } text)
            return (1, 1);
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var i) && int.TryParse(parts[1], out var n) && n >= 1 && i >= 1 && i <= n)
            return (i, n);
        throw new UsageException($"--shard: expected i/n with 1 <= i <= n (e.g. 2/4), got '{text}'");
    }

    public static bool Mine((int Index, int Count) shard, int k) => k % shard.Count == shard.Index - 1;
}
