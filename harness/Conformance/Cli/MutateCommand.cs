using System.CommandLine;
using Conformance.Lockstep;
using Conformance.Lockstep.Isolation;
using Conformance.Mutation;
using Conformance.ReferenceBuild;
using Conformance.Reports;
using Conformance.Results;
using Conformance.Vectors;

namespace Conformance.Cli;

/// <summary>
/// `conformance mutate`: plants one bug at a time in the patch's file (mutation points found with
/// libclang), runs the suite against each, and reports the mutation score and the survivors: the
/// proof that the suite would catch a bug, and where it would not. Exit 0 when the score is at
/// least --min-score (default 0), 1 below it or when the suite fails on the patch itself.
/// </summary>
public static class MutateCommand
{
    public static Command Create()
    {
        var patch = new PatchOptions();
        var suite = new SuiteOptions();
        var lines = new Option<string?>("--lines") { Description = "only mutants on these lines of the patch's file: FIRST-LAST" };
        var limit = new Option<int?>("--limit") { Description = "at most this many mutants (in file order)" };
        var minScore = MinScoreOption.Create("exit 1 when the score (killed / mutants that build, in %) is lower, or there is none (no mutant built)");
        var timeout = StepTimeoutOption.Create();
        var shardOption = new ShardOption();
        var workers = new Option<int>("--workers")
        {
            Description = "mutants built and judged side by side (default: one more than cores); the reports are the same for any number",
        };
        var command = new Command("mutate", "Plant one bug at a time in the patch's file and show the suite catches each (the mutation score).")
        {
            lines, limit, minScore, timeout, shardOption.Option, workers,
        };
        patch.AddTo(command);
        suite.AddTo(command);
        var output = new OutputOptions(ktap: false);
        output.AddTo(command);
        command.SetAction(parsed =>
        {
            var document = output.Apply(parsed);
            var stepTimeout = StepTimeoutOption.Check(parsed.GetValue(timeout));
            double least = MinScoreOption.Check(parsed.GetValue(minScore));
            var range = LineRange(parsed.GetValue(lines));
            var shard = shardOption.Parse(parsed);
            if (parsed.GetValue(workers) < 0)
                throw new UsageException($"--workers: expected a positive count (or 0 for one more than cores), got {parsed.GetValue(workers)}");
            // A mutant's worker waits part of its life (starting, the sandbox, loading the library):
            // one more than cores keeps them busy. Built mutants, two cores: 28.7-29.1 s with two,
            // 25.9-26.5 s with three; with every mutant to build, gcc fills the cores either way (45 s).
            int sideBySide = parsed.GetValue(workers) > 0 ? parsed.GetValue(workers) : Environment.ProcessorCount + 1;
            if (parsed.GetValue(limit) is < 1)
                throw new UsageException($"--limit: expected a positive count, got {parsed.GetValue(limit)}");
            var source = patch.SourceOf(parsed);
            var fixes = patch.FixesOf(parsed);
            var folder = suite.Reserve(parsed);
            return FolderedWork.Run(folder, "conformance-mutate-", scratch =>
            {
                var (built, suiteRequest) = SuiteRequest.For(source, fixes, "mutate", Directory.GetCurrentDirectory(),
                    parsed.GetValue(suite.Vectors) ?? [], parsed.GetValue(suite.Exclude) ?? [], stepTimeout, folder.RunId);
                // The verdicts need outcomes, not step records: neither the patch's run nor a mutant's records any.
                var request = suiteRequest with { RecordSteps = false };
                var pipeline = new RunPipeline(WorkerLaunch.ThisAssembly(shortScenarios: true));
                var baseRun = pipeline.Run(request);
                if (!baseRun.AllConform)
                {
                    folder.Abandon();
                    Console.Error.WriteLine($"conformance mutate: the suite fails on the patch itself ({baseRun.Count(ScenarioOutcome.Conforms)} of {baseRun.Scenarios.Count} scenarios pass): " +
                                            "a mutant's failure would prove nothing. Run `run` first.");
                    return ExitCodes.Divergence;
                }
                var patched = Path.Combine(built.SourceDirectory, Intake.PatchIntake.PatchedFile);
                var root = RepoRoot.Find();
                var all = MutationPoints.Find(patched,
                        [Path.Combine(root, "reference-c", "include"), Path.Combine(built.SourceDirectory, "include"), Path.Combine(root, "reference-c", "kernel"), built.SourceDirectory])
                    .Where(m => range is null || (m.Line >= range.Value.First && m.Line <= range.Value.Last))
                    .Take(parsed.GetValue(limit) ?? int.MaxValue)
                    .ToList();
                var mutants = all.Where((_, k) => ShardOption.Mine(shard, k)).ToList();
                ConsoleStyle.Say($"mutate: {mutants.Count} mutants of {Intake.PatchIntake.PatchedFile} ({built.BlobId[..12]}), each run over {baseRun.Scenarios.Count} scenarios");
                // Mutants side by side, each suite run in one worker: a mutant's build (one compiler)
                // overlaps another's run. Results stay in mutant order; progress is said as each ends.
                // A survivor the vectors' README explains says why (read before the work: a row it cannot read stops the run now).
                var notes = SurvivorNotes.Read(Path.Combine(root, "vectors", "README.md"));
                var judge = new MutationRun(pipeline, source, fixes, request with { Workers = 1 }, scratch);
                var judged = new MutantResult?[mutants.Count];
                int ended = 0;
                var said = new object();
                using var interruption = new Interruption("mutate");
                SideBySide.For(mutants.Count, sideBySide, k =>
                {
                    if (interruption.Requested)
                        return;                                     // judged ones kept; the rest not started
                    var mutant = mutants[k];
                    var result = judge.Judge(mutant);
                    if (result.Fate == MutantFate.Survived)
                        result = result with { Note = notes.For(built.BlobId, mutant) };   // what is left unexplained is what to look at
                    judged[k] = result;
                    lock (said)
                    {
                        ended++;
                        if (ConsoleStyle.Verbosity != Verbosity.Quiet || result.Fate == MutantFate.Survived)
                            Console.Error.WriteLine($"[{ended}/{mutants.Count}] line {mutant.Line} {mutant.Operator}: {mutant.Description}: {result.Fate} ({result.Evidence})" +
                                                    (result.Note is null ? "" : $", documented {result.Note[..result.Note.IndexOf(':')]}"));
                    }
                });
                var kept = judged.OfType<MutantResult>().ToList();
                var results = new MutationResults(source.Describe, built.BlobId, shard.Index, shard.Count, all.Count, kept, request.Subject.NotModelled ?? [],
                    Interrupted: kept.Count < mutants.Count);
                return Conclude(results, folder, least, document, "mutate");
            });
        });
        return command;
    }

    /// <summary>
    /// mutants.md and mutants.json published, the headline said, and the exit code: 130 for an
    /// interrupted run (its score is over what it judged, no verdict on the minimum), else the score against the minimum.
    /// </summary>
    public static int Conclude(MutationResults results, ReportFolder folder, double minScore, OutputOptions.Document document, string verb)
    {
        var published = folder.Publish(
        [
            ("mutants.md", path => File.WriteAllText(path, MutationReport.Markdown(results))),
            (MutationReport.FileName, path => File.WriteAllText(path, MutationReport.Json(results))),
        ]);
        Console.Error.WriteLine($"conformance {verb}: {(results.Interrupted ? $"interrupted after judging {results.Results.Count} mutants: " : "")}{MutationReport.Headline(results)} Reports: {published.Folder}");
        if (document == OutputOptions.Document.Json)
            Console.Out.Write(MutationReport.Json(results) + "\n");
        var exit = results.Interrupted ? Interruption.ExitCode : MutationReport.Reaches(results, minScore) ? ExitCodes.Conforms : ExitCodes.Divergence;
        return RunExecution.Verdict(exit, published);
    }

    private static (int First, int Last)? LineRange(string? text)
    {
        if (text is null)
            return null;
        var parts = text.Split('-');
        if (parts.Length == 2 && int.TryParse(parts[0], out var first) && int.TryParse(parts[1], out var last) && first >= 1 && last >= first)
            return (first, last);
        throw new UsageException($"--lines: expected FIRST-LAST (1-based, FIRST <= LAST), got '{text}'");
    }
}
