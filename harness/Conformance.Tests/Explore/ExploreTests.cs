using System.Text.Json;
using Conformance.Cli;
using Conformance.Explore;
using Conformance.Tests.TestSupport;
using CsCheck;

namespace Conformance.Tests.Explore;

/// <summary>The generator, the shrinker, and `explore` end to end on the seed.</summary>
public sealed class ExploreTests : TempDirectoryTest
{
    [Test]
    public void TheSameSeedGivesTheSameScenariosAndEveryOneIsAValidVector()
    {
        static List<string> Generate(ulong seed)
        {
            var pcg = new PCG(1, seed);
            return Enumerable.Range(0, 40).Select(_ => GeneratedScenario.Csv([("g", ScenarioGrammar.Seed.Generate(pcg, null!, out Size _))])).ToList();
        }
        var first = Generate(7);
        Assert.That(Generate(7), Is.EqualTo(first));
        Assert.That(Generate(8), Is.Not.EqualTo(first));
        var profile = new Conformance.Observation.ResourceProfile(["L3", "L2", "MBA", "SMBA", "PERF_PKG"]);
        foreach (var csv in first)
        {
            var errors = new List<Conformance.Vectors.VectorFormatException>();
            Conformance.Vectors.VectorFileParser.Parse("g.csv", csv, profile, errors);
            Assert.That(errors.Select(e => e.Message), Is.Empty, csv);
        }
    }

    [Test]
    public void ShrinkingKeepsTheFactAndTakesTheSmallestCandidateFirst()
    {
        // A stand-in for the lockstep: the "fact" shows when CPU 5 is onlined after setup.
        static bool Shows(GeneratedScenario s)
        {
            int setup = s.Rows.ToList().FindIndex(r => r.Op == "setup");
            return setup >= 0 && s.Rows.Skip(setup).Any(r => r.Op == "online" && r.Args == "cpu=5");
        }
        var scenario = new GeneratedScenario(
        [
            new("topology", "cpus=64"), new("class", "id=0 type=cache level=3"), new("component", "class=0 id=0 cpus=0-40"),
            new("class", "id=1 type=memory"), new("component", "class=1 id=0 cpus=0-3"), new("map", "res=L3 class=0 alloc_capable=1"),
            new("map", "res=MBA class=1 alloc_capable=0"), new("online", "cpu=2"), new("setup", ""), new("offline", "cpu=9"), new("online", "cpu=5"),
        ]);
        var shrunk = new Shrinker(candidates => candidates.Select(c => (IReadOnlySet<string>)(Shows(c) ? new HashSet<string> { "f" } : [])).ToList())
            .Shrink(scenario, "f");
        // Only what the fact needs stays: the topology and the L3 class (never removed), setup, the
        // online of CPU 5. Rows go one at a time, the last first; the memory class goes with its
        // component; CPU 5 keeps the topology at 6 CPUs (relabelling it to CPU 0 loses the fact).
        Assert.That(shrunk.Rows, Is.EqualTo(new GeneratedRow[]
        {
            new("topology", "cpus=6"), new("class", "id=0 type=cache level=3"), new("setup", ""), new("online", "cpu=5"),
        }));
    }

    [Test]
    public void ExploreWritesAMinimalVectorPerFactThatReproducesIt()
    {
        var corpus = Path.Combine(TempDir, "corpus");
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "explore", "--patch", RepoPaths.Seed, "--seed", "1", "--scenarios", "32",
            "--corpus", corpus, "--reports", TempDir, "--run-id", "e", "--json");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(output);
        var facts = json.RootElement.GetProperty("facts").EnumerateArray().ToList();
        Assert.That(facts, Is.Not.Empty);
        Assert.That(facts.Select(f => f.GetProperty("rows").GetInt32()), Has.All.LessThanOrEqualTo(12), "each vector at most a dozen rows");
        Assert.That(facts.Select(f => f.GetProperty("fact").GetString()), Is.Unique);

        // Every vector, run on its own with its golden expectations, conforms and shows its fact.
        FoundVectors.EachReproducesItsFact(["--patch", RepoPaths.Seed], Path.Combine(TempDir, "e", "found"), facts, TempDir);

        // A second run with the corpus knows them all: nothing new from the same scenarios.
        (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "explore", "--patch", RepoPaths.Seed, "--seed", "1", "--scenarios", "32",
            "--corpus", corpus, "--reports", TempDir, "--run-id", "e2", "--json");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var second = JsonDocument.Parse(output);
        Assert.That(second.RootElement.GetProperty("facts").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void KnownVectorsAreReplayedFirstAndNeverWritten()
    {
        List<string> Explore(string runId, params string[] known)
        {
            var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, ["explore", "--patch", RepoPaths.Seed, "--seed", "1", "--scenarios", "32",
                "--reports", TempDir, "--run-id", runId, "--json", .. known]);
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
            return JsonDocument.Parse(output).RootElement.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("fact").GetString()!).ToList();
        }
        var suite = Path.Combine(RepoPaths.Root, "vectors", "seed");
        static Dictionary<string, string> Contents(string folder) =>
            Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);
        var before = Contents(suite);

        var all = Explore("all");
        var beyond = Explore("beyond", "--known", "vectors/seed/**/*.csv");
        Assert.That(beyond, Is.SubsetOf(all));
        Assert.That(beyond, Has.Count.LessThan(all.Count), "the suite shows some of what these scenarios find (the unprotected RCU walk at least)");
        Assert.That(Contents(suite), Is.EqualTo(before), "known vectors are read, never written");

        // A glob that names no file is refused before any work: a typo would pass the suite's facts off as new.
        var (code, _, err) = ConsoleCapture.Run(RepoPaths.Root, "explore", "--patch", RepoPaths.Seed, "--scenarios", "4", "--known", "vectors/none/*.csv",
            "--reports", TempDir, "--run-id", "typo");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(err, Does.Contain("--known 'vectors/none/*.csv': no vector file matches it"));
        Assert.That(Directory.Exists(Path.Combine(TempDir, "typo")), Is.False);
    }

    [Test]
    public void TwoShardsMergedFindWhatOneMachineRunningTheirScenariosFinds()
    {
        string Explore(string runId, int scenarios, string seed = "3", params string[] shard)
        {
            var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, ["explore", "--patch", RepoPaths.Seed, "--seed", seed, "--scenarios", $"{scenarios}",
                "--reports", TempDir, "--run-id", runId, .. shard]);
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
            return Path.Combine(TempDir, runId);
        }
        // Shard i of 2 runs the scenarios at odd or even places of seed 3's sequence: 300 each, the first 600 together.
        var whole = Explore("whole", 600);
        var one = Explore("one", 300, shard: ["--shard", "1/2"]);
        var two = Explore("two", 300, shard: ["--shard", "2/2"]);
        static List<string> Facts(string folder) =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "explore.json"))).RootElement.GetProperty("facts").EnumerateArray()
                .Select(f => f.GetProperty("fact").GetString()!).ToList();
        // The shards find some facts twice (each from its own scenario): the merge keeps the one from the earlier scenario.
        Assert.That(Facts(one).Intersect(Facts(two)), Is.Not.Empty);

        var (code, _, err) = ConsoleCapture.Run(RepoPaths.Root, "merge", two, one, "--reports", TempDir, "--run-id", "merged");
        Assert.That(code, Is.EqualTo(ExitCodes.Conforms), err);
        var merged = Path.Combine(TempDir, "merged");
        var files = Directory.GetFiles(whole, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(whole, f)).Order().ToList();
        Assert.That(Directory.GetFiles(merged, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(merged, f)).Order(), Is.EqualTo(files));
        Assert.That(files, Has.Some.StartsWith("found"));
        foreach (var file in files)
            Assert.That(File.ReadAllText(Path.Combine(merged, file)), Is.EqualTo(File.ReadAllText(Path.Combine(whole, file))), file);

        // Shards of another seed do not join these.
        var other = Explore("other", 20, "4", "--shard", "2/2");
        (code, _, err) = ConsoleCapture.Run(RepoPaths.Root, "merge", one, other, "--reports", TempDir, "--run-id", "mixed");
        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(err, Does.Contain($"{other}: expected a shard of the same explore run"));
    }
}
