using System.CommandLine;
using System.Diagnostics;
using Conformance.Explore;
using Conformance.Lockstep;
using Conformance.Lockstep.Isolation;
using Conformance.ReferenceBuild;
using Conformance.Reports;
using Conformance.Results;
using CsCheck;

namespace Conformance.Cli;

/// <summary>
/// `conformance explore`: scenarios generated from the op grammar, each run in lockstep with every
/// check; every distinct fact (a divergence, a crash, a finding by kind, site and resource) shrunk
/// to a minimal vector with golden expectations from the reference, written under
/// reports/&lt;run&gt;/found/. With --corpus, the minimal vectors are kept between runs and replayed
/// first, so what is known is not reported again; --known replays vector files (a suite, say) the
/// same way and never writes to them, so what is found is what they do not show.
/// </summary>
public static class ExploreCommand
{
    // Scenarios per run. The workers are kept between runs (WorkerPool), so what a run costs
    // beyond its scenarios is the parent's (writing, parsing and handing out the batch, reading
    // the results): about 3.5 ms, against 0.14 ms a seed scenario. Measured over 20 s, seed and
    // mainline: 48 a batch ran 99-115k and 70k scenarios, 240 163k and 86k, 960 146k and 80k.
    private const int Batch = 240;

    public static Command Create()
    {
        var patch = new PatchOptions();
        var reportOptions = new SuiteOptions();                     // explore makes its scenarios: where reports go, not which vectors
        var seed = new Option<ulong>("--seed") { Description = "the generator's seed: the same seed, the same scenarios", DefaultValueFactory = _ => 1 };
        var seconds = new Option<int?>("--seconds") { Description = "explore for about this long (default 60 unless --scenarios)" };
        var scenarios = new Option<int?>("--scenarios") { Description = "explore this many scenarios" };
        var corpus = new Option<string?>("--corpus") { Description = "a folder of minimal vectors kept between runs: replayed first, new ones added" };
        var knownVectors = new Option<string[]>("--known")
        {
            Description = "vector files whose facts are known already (glob or folder, repeatable; e.g. the suite): replayed first, never written",
        };
        var timeout = StepTimeoutOption.Create();
        var shardOption = new ShardOption();
        var command = new Command("explore", "Run generated scenarios in lockstep and shrink every distinct divergence and finding to a minimal vector.")
        {
            seed, seconds, scenarios, corpus, knownVectors, timeout, shardOption.Option,
            reportOptions.Reports, reportOptions.RunId,
        };
        patch.AddTo(command);
        var output = new OutputOptions(ktap: false);
        output.AddTo(command);
        command.SetAction(parsed =>
        {
            var document = output.Apply(parsed);
            var stepTimeout = StepTimeoutOption.Check(parsed.GetValue(timeout));
            var shard = shardOption.Parse(parsed);
            if (parsed.GetValue(scenarios) is < 1 || parsed.GetValue(seconds) is < 1)
                throw new UsageException("--scenarios and --seconds: expected a positive number");
            var budget = parsed.GetValue(scenarios) is { } n ? (Scenarios: n, Time: TimeSpan.MaxValue)
                : (Scenarios: int.MaxValue, Time: TimeSpan.FromSeconds(parsed.GetValue(seconds) ?? 60));
            var corpusDir = parsed.GetValue(corpus);
            if (corpusDir is not null && File.Exists(corpusDir))
                throw new Intake.IntakeException(corpusDir, 0, "a folder for the corpus, but it is a file");
            var knownGlobs = parsed.GetValue(knownVectors) ?? [];
            var knownFiles = KnownFiles(knownGlobs);
            var source = patch.SourceOf(parsed);
            var fixes = patch.FixesOf(parsed);
            var folder = reportOptions.Reserve(parsed);
            return FolderedWork.Run(folder, "conformance-explore-", scratch =>
            {
                var (built, request) = SuiteRequest.For(source, fixes, "explore", scratch, [], [], stepTimeout, folder.RunId);
                var grammar = ScenarioGrammar.For(request.ModelFamily, request.PicksClasses, request.Features ?? []);
                // Batches and shrinking rounds are many short runs: their workers are kept between them.
                // Workers kept for the whole exploration (a minute by default): they reach steady state (WorkerLaunch).
                var launch = WorkerLaunch.ThisAssembly();
                using var workers = new WorkerPool(launch);
                var explorer = new Explorer(new RunPipeline(launch, workers), request, scratch);
                var known = Replay(corpusDir, request);
                if (known.Count > 0)
                    ConsoleStyle.Say($"explore: the corpus shows {known.Count} known fact(s)");
                if (knownFiles.Count > 0)
                {
                    var shown = Replay(request with { VectorRoot = Directory.GetCurrentDirectory(), Includes = knownFiles });
                    ConsoleStyle.Say($"explore: {knownFiles.Count} known vector file(s) show {shown.Count} fact(s)");
                    known.UnionWith(shown);
                }
                var found = new List<FoundFact>();
                var shrinker = new Shrinker(explorer.FactsOf, ScenarioGrammar.WellFormedFor(request.PicksClasses));
                var pcg = new PCG(1, parsed.GetValue(seed));
                var clock = Stopwatch.StartNew();
                int generated = 0, drawn = 0;
                bool interrupted = false;
                using var interruption = new Interruption("explore");
                var files = new List<(string Name, string Text)>();
                DrawnBatch? Draw()
                {
                    if (generated >= budget.Scenarios || clock.Elapsed >= budget.Time)
                        return null;
                    if (interruption.Requested)
                    {
                        interrupted = true;                         // the batches in flight end and are read as ever
                        return null;
                    }
                    // Every machine draws the same sequence and runs its share of it.
                    var scenarios = new List<GeneratedScenario>();
                    var drawnAt = new List<int>();
                    while (scenarios.Count < Math.Min(Batch, budget.Scenarios - generated))
                    {
                        var scenario = grammar.Generate(pcg, null!, out var _);
                        if (ShardOption.Mine(shard, drawn))
                        {
                            scenarios.Add(scenario);
                            drawnAt.Add(drawn);
                        }
                        drawn++;
                    }
                    generated += scenarios.Count;
                    return new DrawnBatch(scenarios, drawnAt);
                }
                using var batches = new BatchesInFlight(Draw, scenarios => explorer.Run(scenarios, workers: 1));
                while (batches.TryNext(out var batch, out var results))
                {
                    // The batch's new facts, shrunk together (one run per round for all of them), then
                    // written together (one recorded run for all their vectors).
                    var fresh = results.SelectMany((r, i) => r.Facts.Select(f => (Fact: f, Index: i))).Where(x => known.Add(x.Fact.Key)).ToList();
                    if (fresh.Count == 0)
                        continue;
                    var minimal = shrinker.ShrinkAll(fresh.Select(x => (batch.Scenarios[x.Index], x.Fact.Key)).ToList());
                    var names = fresh.Select((_, k) => ExploreResults.FoundName(found.Count + k + 1)).ToList();
                    var vectors = explorer.Vectors(fresh.Select((x, k) => (minimal[k], names[k], x.Fact.Key)).ToList());
                    for (int k = 0; k < fresh.Count; k++)
                    {
                        var file = ExploreResults.FoundFile(names[k]);
                        found.Add(new FoundFact(fresh[k].Fact.Key, fresh[k].Fact.Sentence, minimal[k].Steps, vectors[k].Step < 0 ? fresh[k].Fact.Step : vectors[k].Step, file,
                            batch.DrawnAt[fresh[k].Index]));
                        files.Add((file, vectors[k].Text));
                        ConsoleStyle.Say($"explore: {fresh[k].Fact.Sentence} -> {file} ({minimal[k].Steps} rows)");
                    }
                }
                var explored = new ExploreResults(parsed.GetValue(seed), built.BlobId, shard.Index, shard.Count, generated, found, interrupted);
                if (corpusDir is not null)
                    foreach (var (name, text) in files)
                        WriteNew(Path.Combine(corpusDir, $"{Path.GetFileNameWithoutExtension(name)}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12]}.csv"), text);
                return Conclude(explored, folder, files.Select(f => (f.Name, (Action<string>)(path => File.WriteAllText(path, f.Text)))), document, "explore",
                    stopped: interrupted);
            });
        });
        return command;
    }

    /// <summary>
    /// The found vectors, explore.md and explore.json published, the count said, and the exit code:
    /// 1 when a fact is a divergence, crash or hang, else 130 when <paramref name="stopped"/> (the
    /// verb was interrupted; a merge of interrupted shards was not).
    /// </summary>
    public static int Conclude(ExploreResults results, ReportFolder folder, IEnumerable<(string Name, Action<string> Write)> vectors, OutputOptions.Document document, string verb,
        bool stopped = false)
    {
        var published = folder.Publish(
            vectors.Select(v => (v.Name, (Action<string>)(path => { Directory.CreateDirectory(Path.GetDirectoryName(path)!); v.Write(path); })))
            .Append(("explore.md", path => File.WriteAllText(path, results.Markdown())))
            .Append((ExploreResults.FileName, path => File.WriteAllText(path, results.Json()))));
        Console.Error.WriteLine($"conformance {verb}: {(results.Interrupted ? "interrupted after " : "")}{results.Scenarios} scenarios, {results.Facts.Count} new fact(s), each with a minimal vector. Reports: {published.Folder}");
        if (document == OutputOptions.Document.Json)
            Console.Out.Write(results.Json() + "\n");
        return RunExecution.Verdict(results.FoundDivergence ? ExitCodes.Divergence : stopped ? Interruption.ExitCode : ExitCodes.Conforms, published);
    }

    // The corpus replayed: every fact its vectors show is known already.
    private static HashSet<string> Replay(string? corpusDir, RunRequest request)
    {
        if (corpusDir is null || !Directory.Exists(corpusDir) || Directory.GetFiles(corpusDir, "*.csv").Length == 0)
            return new HashSet<string>(StringComparer.Ordinal);
        return Replay(request with { VectorRoot = Path.GetFullPath(corpusDir), Includes = ["*.csv"] });
    }

    // The files each --known glob names, from the current folder: a glob that names none is an
    // error (a typo would otherwise report the suite's own facts as new).
    private static IReadOnlyList<string> KnownFiles(IReadOnlyList<string> globs)
    {
        var here = Directory.GetCurrentDirectory();
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var glob in globs)
        {
            var matched = Vectors.VectorSelection.Select(here, [glob], [], "");
            if (matched.Count == 0)
                throw new UsageException($"--known '{glob}': no vector file matches it (globs are taken from {here})");
            files.UnionWith(matched);
        }
        return [.. files];
    }

    // The request's vectors replayed: every fact they show. Facts come from findings, not step
    // records: the replay records none (and so keeps no step log), and checks no expectation.
    private static HashSet<string> Replay(RunRequest request)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        var run = new RunPipeline(WorkerLaunch.ThisAssembly(shortScenarios: true)).Run(request with
        {
            CheckExpectations = false, RecordSteps = false,
        });
        foreach (var s in run.Scenarios)
            foreach (var f in ScenarioFacts.Of(s))
                known.Add(f.Key);
        return known;
    }

    private static void WriteNew(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
            File.WriteAllText(path, text);                          // the same vector is the same file: nothing is overwritten
    }
}
