using System.CommandLine;
using Conformance.FileSystem;
using Conformance.Intake;
using Conformance.ReferenceBuild;
using Conformance.Lockstep;
using Conformance.Lockstep.Isolation;
using Conformance.Reports;
using Conformance.Results;
using Conformance.Review;
using Conformance.Vectors;
using Spectre.Console;

namespace Conformance.Cli;

/// <summary>
/// `conformance review`: what each suggested fix (and all of them together), or a second version
/// of the patch, changes in behaviour, step by step, against the base. Exit 0 when the review ran,
/// whatever it found; 2 for bad input; 3 when something does not build.
/// </summary>
public static class ReviewCommand
{
    public static Command Create()
    {
        var patch = new PatchOptions();
        var against = new Option<string?>("--against") { Description = "another version of the patch to compare with the base: a mail, mbox or diff, or a kernel tree" };
        var vectors = new Option<string[]>("--vectors") { Description = $"vector files (glob or folder, repeatable; default {VectorSelection.DefaultInclude})" };
        var exclude = new Option<string[]>("--exclude") { Description = "vector files to leave out (glob or folder, repeatable)" };
        var reports = new Option<string?>("--reports") { Description = "where report folders go (default: reports/)" };
        var runId = new Option<string?>("--run-id") { Description = "name of the report folder" };
        var failOn = new Option<string?>("--fail-on") { Description = $"fail (exit 1) when a fix regresses an operation or adds findings of these kinds: {FindingCategories.Regression},{string.Join(",", FindingCategories.All)}" };
        var explore = new Option<int?>("--explore") { Description = "also over this many scenarios the explore grammar generates: every behaviour a fix changes there, with its shortest scenario" };
        var seed = new Option<ulong>("--seed") { Description = "the generator's seed for --explore", DefaultValueFactory = _ => 1 };
        var shardOption = new ShardOption();
        var recordLimit = RecordLimitOption.Create(
            "steps of each scenario compared step by step before only its last step and the steps of its first failures are (each run records those)");
        var command = new Command("review", "Measure what suggested fixes, or another version of the patch, change in behaviour.")
        {
            against, vectors, exclude, reports, runId, failOn, explore, seed, shardOption.Option, recordLimit,
        };
        patch.AddTo(command);
        var output = new OutputOptions(ktap: false);
        output.AddTo(command);
        command.SetAction(parsed =>
        {
            var document = output.Apply(parsed);
            var source = patch.SourceOf(parsed);
            var fixes = patch.FixesOf(parsed);
            var other = parsed.GetValue(against);
            if (fixes.Count == 0 && other is null)
                throw new UsageException("expected at least one --fix DIFF, or --against PATCH");
            FailOnOption.Check(parsed.GetValue(failOn), FailOnOption.ForReview);   // checked before anything is built
            RecordLimitOption.Check(parsed.GetValue(recordLimit));
            if (shardOption.Parse(parsed).Count > 1 && parsed.GetValue(explore) is not null)
                throw new UsageException("--explore with --shard: generated scenarios are not a suite to share out; run `explore --shard i/n` for those");
            if (other is not null && !Directory.Exists(other) && InputFile.Problem(other) is { } problem)
                throw new IntakeException(other, 0, problem + " (or a kernel tree folder)");
            var folder = ReportFolder.Reserve(parsed.GetValue(reports) ?? Path.Combine(Directory.GetCurrentDirectory(), "reports"), parsed.GetValue(runId));
            try
            {
                return Review(parsed, source, fixes, other, folder, document);
            }
            catch
            {
                folder.Abandon();
                throw;
            }
        });
        return command;

        int Review(ParseResult parsed, PatchSource source, IReadOnlyList<string> fixes, string? other, ReportFolder folder, OutputOptions.Document document)
        {
            var baseBuilt = ReferenceBuilder.Build(source, [], Flavor.Release);
            var variants = new List<ReviewVariant>();
            var wanted = fixes.Select(f => (Name: Path.GetFileNameWithoutExtension(f), Fixes: (IReadOnlyList<string>)[f])).ToList();
            if (fixes.Count > 1)
                wanted.Add(("all-fixes", fixes));
            foreach (var (name, applied) in wanted)
            {
                var built = ReferenceBuilder.Build(source, applied, Flavor.Release);
                variants.Add(new ReviewVariant(name, applied, built.LibraryPath, SourceFile: PatchedFile(built.SourceDirectory)));
            }
            if (other is not null)
            {
                var built = ReferenceBuilder.Build(PatchSource.Of(other), [], Flavor.Release);
                variants.Add(new ReviewVariant($"against {Path.GetFileName(other)}", [other], built.LibraryPath, SourceFile: PatchedFile(built.SourceDirectory)));
            }

            var revision = Model.RevisionFacts.Of(baseBuilt.SourceDirectory);
            var family = ModelFamilyChoice.For(revision, null, "review").Family;
            var shard = shardOption.Parse(parsed);
            var request = new RunRequest(baseBuilt.LibraryPath, new RunSubject(source.Describe, [], "patch", baseBuilt.LibraryPath, [], ModelFamily: family.Name),
                Directory.GetCurrentDirectory(), parsed.GetValue(vectors) ?? [], parsed.GetValue(exclude) ?? [],
                KeepGoing: true, StepTimeout: TimeSpan.FromSeconds(10), RunId: folder.RunId, CheckExpectations: false,
                RecordEveryStep: true, RecordLimit: parsed.GetValue(recordLimit), ModelFamily: family.Name, Features: revision.Features, PicksClasses: revision.PicksClasses,
                SourceFile: PatchedFile(baseBuilt.SourceDirectory), ShardIndex: shard.Index, ShardCount: shard.Count);
            // The base and each variant, on the suite and on generated batches: their workers are kept between runs.
            // Suites and generated scenarios: short ones (WorkerLaunch).
            var launch = WorkerLaunch.ThisAssembly(shortScenarios: true);
            using var workers = new WorkerPool(launch);
            var pipeline = new ReviewPipeline(new RunPipeline(launch, workers));
            var (_, reviews) = pipeline.Run(request, variants, step => ConsoleStyle.Say($"review: {step}"));
            string? explored = null;
            if (parsed.GetValue(explore) is { } count)
            {
                if (count < 1)
                    throw new UsageException($"--explore: expected a positive number of scenarios, got {count}");
                var scratch = Directory.CreateTempSubdirectory("conformance-review-explore-").FullName;
                try
                {
                    var pcg = new CsCheck.PCG(1, parsed.GetValue(seed));
                    var grammar = Explore.ScenarioGrammar.For(request.ModelFamily, request.PicksClasses, request.Features ?? []);
                    var generated = Enumerable.Range(0, count).Select(_ => grammar.Generate(pcg, null!, out var _)).ToList();
                    ConsoleStyle.Say($"review: {count} generated scenarios");
                    var (n, deltas) = new ExploredReview(pipeline, request, variants, scratch).Run(generated);
                    explored = ExploredReview.Text(n, deltas, variants.Select(v => v.Name).ToList());
                    foreach (var d in deltas)
                        ConsoleStyle.Say($"review: {d.Variant}: {d.Behaviour} in {d.Scenarios} generated scenario(s); shortest {d.Minimal.Steps} rows");
                }
                finally
                {
                    Directory.Delete(scratch, recursive: true);
                }
            }
            var published = ReviewReports.Publish(folder, source.Describe, reviews, explored);
            return Conclude(reviews, published, parsed.GetValue(failOn), document);
        }

        static string PatchedFile(string sourceDirectory) => Path.Combine(sourceDirectory, Intake.PatchIntake.PatchedFile);
    }

    /// <summary>A review's verdict lines, its document on standard output, and its exit code (1 for what --fail-on names).</summary>
    public static int Conclude(IReadOnlyList<VariantReview> reviews, ReportFolder.Published published, string? failOn, OutputOptions.Document document)
    {
        foreach (var r in reviews)
            AnsiConsole.MarkupLineInterpolated($"[bold]{r.Name}[/]: {FindingVerdict.Line(r)}.");
        AnsiConsole.MarkupLineInterpolated($"Review: {published.Folder}/review.md");
        if (document == OutputOptions.Document.Json)
            Console.Out.Write(File.ReadAllText(Path.Combine(published.Folder, "summary.json")) + "\n");
        var failKinds = FailOnOption.Check(failOn, FailOnOption.ForReview);
        var failing = reviews.Where(r => FindingVerdict.Of(r).Fails(failKinds)).Select(r => r.Name).ToList();
        if (failing.Count > 0)
            Console.Error.WriteLine($"review: --fail-on {failOn}: {string.Join(", ", failing)}: exit 1");
        return RunExecution.Verdict(failing.Count > 0 ? ExitCodes.Divergence : ExitCodes.Conforms, published);
    }
}
