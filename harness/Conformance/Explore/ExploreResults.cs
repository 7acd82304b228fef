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
/// shards in the order one machine running them all finds them. An interrupted run (Ctrl-C) ran
/// fewer scenarios than its budget: what it found is kept, and says so.
/// </summary>
public sealed record ExploreResults(ulong Seed, string Blob, int ShardIndex, int ShardCount, int Scenarios, IReadOnlyList<FoundFact> Facts,
    bool Interrupted = false)
{
    public const string FileName = "explore.json";

    /// <summary>Whether a fact is one the tool itself fails on (the sides disagree, the patch's code crashed or hung): exit 1.</summary>
    public bool FoundDivergence => Facts.Any(f => f.Key.StartsWith("divergence", StringComparison.Ordinal) || f.Key is "crash" or "timeout");

    public string Json() => JsonSerializer.Serialize(new Saved(Seed, Blob, new ShardSet.Place(ShardIndex, ShardCount), Scenarios,
        Facts.Select(f => new SavedFact(f.Key, f.Sentence, f.Rows, f.Step + 1, f.File, f.Drawn)).ToList(), Interrupted), ReportJson.Options);

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("# Explore run");
        md.AppendLine();
        md.AppendLine($"{Scenarios} generated scenarios (seed {Seed}{(ShardCount > 1 ? $", shard {ShardIndex} of {ShardCount}" : "")}); {Facts.Count} distinct facts, each shrunk to a minimal vector in `found/`.");
        if (Interrupted)
            md.AppendLine().AppendLine("Interrupted before its budget was spent: these are the scenarios it ran.");
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
        var saved = ReportJson.Read<Saved>(Path.Combine(folder, FileName), ReportJson.Options,
            saved => saved is { Facts: not null, Shard: not null, Blob: not null }
                     && saved.Facts.All(f => f is { Fact: not null, Sentence: not null, Vector: not null } && IsFoundVector(f.Vector)),
            "an explore run's facts with their shard (as `conformance explore` writes them)", "an explore run's facts as `conformance explore` writes them");
        return new ExploreResults(saved.Seed, saved.Blob, saved.Shard.Index, saved.Shard.Count, saved.Scenarios,
            saved.Facts.Select(f => new FoundFact(f.Fact, f.Sentence, f.Rows, f.ShowsAtRow - 1, f.Vector, f.Scenario)).ToList(), saved.Interrupted);
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
            vectors.Add((fact with { File = FoundFile(FoundName(vectors.Count + 1)) }, Path.Combine(dir, fact.File), Path.GetFileNameWithoutExtension(fact.File)));
        }
        return (first.Run with
        {
            ShardIndex = 1, ShardCount = 1, Scenarios = ordered.Sum(s => s.Item.Scenarios), Facts = vectors.Select(v => v.Fact).ToList(),
            Interrupted = ordered.Any(s => s.Item.Interrupted),
        }, vectors);
    }

    // A vector the run wrote in its own found/ folder: a shard's explore.json names no other file.
    private static bool IsFoundVector(string path) =>
        Path.GetFileNameWithoutExtension(path) is { Length: > 0 } name && path == FoundFile(name)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The name of the nth fact's vector (its file's, and its scenario's in it).</summary>
    public static string FoundName(int n) => $"found-{n:00}";

    /// <summary>Where a vector of that name goes in the report folder.</summary>
    public static string FoundFile(string name) => $"found/{name}.csv";

    /// <summary>A found vector's text with its scenario named anew: the name is each row's first field (after the header).</summary>
    public static string Renamed(string vector, string was, string now)
    {
        if (!File.Exists(vector))
            throw new IntakeException(vector, 0, "the found vector its shard's explore.json names");
        var lines = File.ReadAllText(vector).Split('\n');
        for (int i = 1; i < lines.Length; i++)
            if (lines[i].StartsWith(was + ",", StringComparison.Ordinal))
                lines[i] = now + lines[i][was.Length..];
            else if (lines[i].Length > 0)
                throw new IntakeException(vector, i + 1, $"a row of scenario {was}");
        return string.Join('\n', lines);
    }

    private static string Short(string blob) => blob[..Math.Min(12, blob.Length)];

    private sealed record Saved(ulong Seed, string Blob, ShardSet.Place Shard, int Scenarios, IReadOnlyList<SavedFact> Facts, bool Interrupted = false);

    private sealed record SavedFact(string Fact, string Sentence, int Rows, int ShowsAtRow, string Vector, int Scenario);
}
