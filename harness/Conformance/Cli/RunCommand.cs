using System.CommandLine;
using Conformance.Lockstep;
using Conformance.Model;
using Conformance.ReferenceBuild;
using Conformance.Reports;
using Conformance.Results;
using Conformance.Vectors;

namespace Conformance.Cli;

/// <summary>
/// `conformance run`: every selected vector in lockstep between the patch's C code and the model.
/// Exit 0 when all conform, 1 on a divergence or failed expectation, 2 for bad input, 3 when the
/// reference does not build. Reports go to reports/&lt;run-id&gt;/ and reports/latest.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var patch = new PatchOptions();
        var lib = new Option<string?>("--lib") { Description = "an already built reference library (libmpamref.so) to run instead of building the patch" };
        var vectors = new Option<string[]>("--vectors") { Description = $"vector files to run (glob or folder, repeatable; default {VectorSelection.DefaultInclude})" };
        var exclude = new Option<string[]>("--exclude") { Description = "vector files to leave out (glob or folder, repeatable)" };
        var keepGoing = new Option<bool>("--keep-going") { Description = "run each scenario to its end after its first failure" };
        var variant = new Option<string>("--model-variant")
        {
            Description = $"the model's variant: {string.Join(", ", ModelVariantNames.Names)} (join with +)",
            DefaultValueFactory = _ => "patch",
        };
        var runId = new Option<string?>("--run-id") { Description = "name of the report folder (default: time and a random suffix)" };
        var reports = new Option<string?>("--reports") { Description = "where report folders go (default: reports/ of the repository)" };
        var ignoreExpectations = new Option<bool>("--ignore-expectations")
        {
            Description = "hold the C code against the model only; the vectors' golden expectations describe the base patch, not a fix",
        };
        var timeout = StepTimeoutOption.Create();
        var model = new Option<string?>("--model") { Description = ModelFamilyChoice.Description };
        var failOn = new Option<string?>("--fail-on") { Description = FailOnOption.Description };
        var workers = new Option<int>("--workers") { Description = "worker processes side by side (default: one per core); the reports are the same for any number" };
        var shardOption = new ShardOption();
        var observeWhole = new Option<bool>("--observe-whole")
        {
            Description = "fill, compare and check both sides' whole state at every step instead of what the step changed (slower; the reports are the same)",
        };
        var recordLimit = RecordLimitOption.Create(
            "steps each scenario records in steps.csv before it records only its last step and the steps of its first failures");
        var command = new Command("run", "Run vectors in lockstep between the patch's C code and the managed model, and write reports.")
        {
            lib, vectors, exclude, keepGoing, variant, model, runId, reports, timeout, ignoreExpectations, failOn, workers, shardOption.Option, observeWhole, recordLimit,
        };
        patch.AddTo(command);
        var output = new OutputOptions(ktap: true);
        output.AddTo(command);
        command.SetAction(parsed =>
        {
            var document = output.Apply(parsed);
            // Every argument and the report folder are checked before anything is built or run.
            var modelVariant = parsed.GetValue(variant)!;
            if (!ModelVariantNames.TryParse(modelVariant, out _))
                throw new UsageException($"--model-variant: expected one of {string.Join(", ", ModelVariantNames.Names)} (or several joined by +), got '{modelVariant}'");
            var stepTimeout = StepTimeoutOption.Check(parsed.GetValue(timeout));
            var named = ModelFamilyChoice.Named(parsed.GetValue(model));
            var failKinds = FailOnOption.Check(parsed.GetValue(failOn));
            var shard = shardOption.Parse(parsed);
            if (parsed.GetValue(workers) < 0)
                throw new UsageException($"--workers: expected a positive count (or 0 for one per core), got {parsed.GetValue(workers)}");
            var stepsRecorded = RecordLimitOption.Check(parsed.GetValue(recordLimit));
            IReadOnlyList<string> fixes = patch.FixesOf(parsed);
            var given = parsed.GetValue(lib);
            if (given is not null && patch.Given(parsed))
                throw new UsageException("--lib runs a library already built, so --patch, --kernel-tree and --fix would be ignored: pass either --lib or the patch (with its fixes)");
            var library = given is not null ? ReferenceLibraryOption.Check(given) : null;
            var source = library is null ? patch.SourceOf(parsed) : null;
            var folder = ReportFolder.Reserve(parsed.GetValue(reports) ?? DefaultReports(), parsed.GetValue(runId));
            string described = library ?? source!.Describe;
            IReadOnlyList<string> warnings = [];
            string? sourceDirectory = null;
            try
            {
                if (source is not null)
                {
                    var built = ReferenceBuilder.Build(source, fixes, Flavor.Release);
                    library = built.LibraryPath;
                    warnings = built.Warnings;
                    sourceDirectory = built.SourceDirectory;
                }
            }
            catch
            {
                folder.Abandon();
                throw;
            }
            var revision = sourceDirectory is null ? null : RevisionFacts.Of(sourceDirectory);
            var (family, notModelled) = ModelFamilyChoice.For(revision, named, "run");
            var request = new RunRequest(library!,
                new RunSubject(described, fixes, modelVariant, library!, [], BuildWarnings: warnings, ModelFamily: family.Name, NotModelled: notModelled),
                Directory.GetCurrentDirectory(), parsed.GetValue(vectors) ?? [], parsed.GetValue(exclude) ?? [],
                parsed.GetValue(keepGoing), stepTimeout, folder.RunId,
                CheckExpectations: !parsed.GetValue(ignoreExpectations), ModelFamily: family.Name,
                Features: revision?.Features, PicksClasses: revision?.PicksClasses ?? false,
                SourceFile: sourceDirectory is null ? null : Path.Combine(sourceDirectory, Intake.PatchIntake.PatchedFile),
                FailOn: failKinds, Workers: parsed.GetValue(workers), ShardIndex: shard.Index, ShardCount: shard.Count,
                ObserveWhole: parsed.GetValue(observeWhole), RecordLimit: stepsRecorded);
            return RunExecution.Execute(request, folder, document: document);
        });
        return command;
    }

    private static string DefaultReports() => Path.Combine(Directory.GetCurrentDirectory(), "reports");
}
