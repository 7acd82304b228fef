using System.Text;
using System.Text.Json;
using Conformance.Intake;
using Conformance.Reports;

namespace Conformance.Explore;

/// <summary>
/// What an explore run found, as explore.json keeps it: the seed, the patch's file (its blob), how
/// many generated scenarios ran, and which share of the seed's sequence they were (shard i of n:
/// the scenarios whose 0-based index k in the sequence has k mod n = i - 1); each fact with the
/// index of the first scenario that showed it, so that `conformance merge` lists the facts of n
/// shards in the order one machine running them all finds them.
/// </summary>
public sealed record ExploreResults(ulong Seed, string Blob, int ShardIndex, int ShardCount, int Scenarios, IReadOnlyList<FoundFact> Facts)
{
    public const string FileName = "explore.json";

    /// <summary>Whether a fact is one the tool itself fails on (the sides disagree, the patch's code crashed or hung): exit 1.</summary>
    public bool FoundDivergence => Facts.Any(f => f.Key.StartsWith("divergence", StringComparison.Ordinal) || f.Key is "crash" or "timeout");

    public string Json() => JsonSerializer.Serialize(new Saved(Seed, Blob, new SavedShard(ShardIndex, ShardCount), Scenarios,
        Facts.Select(f => new SavedFact(f.Key, f.Sentence, f.Rows, f.Step + 1, f.File, f.Drawn)).ToList()), Options);

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Explore run");
        md.AppendLine();
        md.AppendLine($"{Scenarios} generated scenarios (seed {Seed}{(ShardCount > 1 ? $", shard {ShardIndex} of {ShardCount}" : "")}); {Facts.Count} distinct facts, each shrunk to a minimal vector in `found/`.");
        md.AppendLine();
        md.AppendLine("| fact | steps | shows at row | vector |");
        md.AppendLine("| --- | ---: | ---: | --- |");
        foreach (var f in Facts)
            md.AppendLine($"| {f.Sentence.Replace("|", "\\|")} | {f.Rows} | {f.Step + 1} | `{f.File}` |");
        return md.ToString();
    }

    public static bool IsShard(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>An explore run's folder read back, or why it is not one (for a clear error).</summary>
    public static ExploreResults Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            var saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(path), Options);
            if (saved?.Facts is null || saved.Shard is null || saved.Blob is null
                || saved.Facts.Any(f => f is null || f.Fact is null || f.Sentence is null || f.Vector is null || !IsFoundVector(f.Vector)))
                throw new IntakeException(path, 0, "an explore run's facts with their shard (as `conformance explore` writes them)");
            return new ExploreResults(saved.Seed, saved.Blob, saved.Shard.Index, saved.Shard.Count, saved.Scenarios,
                saved.Facts.Select(f => new FoundFact(f.Fact, f.Sentence, f.Rows, f.ShowsAtRow - 1, f.Vector, f.Scenario)).ToList());
        }
        catch (JsonException e)
        {
            throw new IntakeException(path, (int)(e.LineNumber ?? 0) + 1, $"an explore run's facts as `conformance explore` writes them ({e.Message.Split('.')[0]})");
        }
    }

    /// <summary>
    /// The facts of the n shards of one explore run (the same seed and file, each shard once): each
    /// fact once, from the first scenario of the sequence that showed it, in sequence order, named
    /// anew found-01, found-02, ...; and for each, the shard's vector it is (the file to copy) and
    /// the name it had there (the scenario name its rows carry).
    /// </summary>
    public static (ExploreResults Merged, IReadOnlyList<(FoundFact Fact, string From, string WasName)> Vectors) Merge(IReadOnlyList<(string Dir, ExploreResults Run)> shards)
    {
        var first = shards[0];
        foreach (var (dir, run) in shards)
            if (run.Seed != first.Run.Seed || run.Blob != first.Run.Blob)
                throw new IntakeException(dir, 0, $"a shard of the same explore run as {first.Dir} (seed {first.Run.Seed}, blob {Short(first.Run.Blob)}), " +
                                                  $"but it explored seed {run.Seed} of blob {Short(run.Blob)}");
        var ordered = ShardSet.InOrder(shards, run => (run.ShardIndex, run.ShardCount));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var vectors = new List<(FoundFact Fact, string From, string WasName)>();
        foreach (var (dir, fact) in ordered.SelectMany(s => s.Item.Facts.Select(f => (s.Dir, Fact: f))).OrderBy(x => x.Fact.Drawn))
        {
            if (!seen.Add(fact.Key))
                continue;
            var name = FoundName(vectors.Count + 1);
            vectors.Add((fact with { File = $"found/{name}.csv" }, Path.Combine(dir, fact.File), Path.GetFileNameWithoutExtension(fact.File)));
        }
        return (first.Run with { ShardIndex = 1, ShardCount = 1, Scenarios = ordered.Sum(s => s.Item.Scenarios), Facts = vectors.Select(v => v.Fact).ToList() }, vectors);
    }

    // A vector the run wrote in its own found/ folder: a shard's explore.json names no other file.
    private static bool IsFoundVector(string path) =>
        path.StartsWith("found/", StringComparison.Ordinal) && path.EndsWith(".csv", StringComparison.Ordinal)
        && path["found/".Length..^".csv".Length] is { Length: > 0 } name && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The name of the nth fact's vector (its file's, and its scenario's in it).</summary>
    public static string FoundName(int n) => $"found-{n:00}";

    private static string Short(string blob) => blob[..Math.Min(12, blob.Length)];

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private sealed record Saved(ulong Seed, string Blob, SavedShard Shard, int Scenarios, IReadOnlyList<SavedFact> Facts);

    private sealed record SavedShard(int Index, int Count);

    private sealed record SavedFact(string Fact, string Sentence, int Rows, int ShowsAtRow, string Vector, int Scenario);
}
