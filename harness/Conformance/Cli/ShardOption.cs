using System.CommandLine;

namespace Conformance.Cli;

/// <summary>
/// <c>--shard i/n</c>: this machine's share of a CI matrix of n: the items (mutants, generated
/// scenarios) whose 0-based index k has k mod n = i - 1. The items are the same on every machine
/// (deterministic order and seed), so the n shards together cover each exactly once.
/// </summary>
public sealed class ShardOption
{
    public Option<string?> Option { get; } = new("--shard") { Description = "this machine's share, i/n (1 <= i <= n): items k with k mod n = i - 1" };

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
