using System.CommandLine;
using Conformance.Intake;
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
        var against = new Option<string?>("--against") { Description = "another version of the patch (mail, mbox, diff) to compare with the base" };
        var vectors = new Option<string[]>("--vectors") { Description = $"vector files (glob, repeatable; default {VectorSelection.DefaultInclude})" };
        var exclude = new Option<string[]>("--exclude") { Description = "vector files to leave out (glob, repeatable)" };
        var reports = new Option<string?>("--reports") { Description = "where report folders go (default: reports/)" };
        var runId = new Option<string?>("--run-id") { Description = "name of the report folder" };
        var command = new Command("review", "Measure what suggested fixes, or another version of the patch, change in behaviour.")
        {
            against, vectors, exclude, reports, runId,
        };
        patch.AddTo(command);
        command.SetAction(parsed =>
        {
            if (patch.SourceOf(parsed, "review") is not { } source)
                return ExitCodes.BadInput;
            var fixes = patch.FixesOf(parsed);
            var other = parsed.GetValue(against);
            if (fixes.Count == 0 && other is null)
            {
                Console.Error.WriteLine("conformance review: expected at least one --fix DIFF, or --against PATCH");
                return ExitCodes.BadInput;
            }
            if (BuildReferenceCommand.TryBuild(source, [], ReferenceBuild.Flavor.Release, out var baseBuilt) is { } failed)
                return failed;
            var variants = new List<ReviewVariant>();
            var wanted = fixes.Select(f => (Name: Path.GetFileNameWithoutExtension(f), Fixes: (IReadOnlyList<string>)[f])).ToList();
            if (fixes.Count > 1)
                wanted.Add(("all-fixes", fixes));
            foreach (var (name, applied) in wanted)
            {
                if (BuildReferenceCommand.TryBuild(source, applied, ReferenceBuild.Flavor.Release, out var built) is { } bad)
                    return bad;
                variants.Add(new ReviewVariant(name, applied, built!.LibraryPath));
            }
            if (other is not null)
            {
                if (BuildReferenceCommand.TryBuild(new PatchSource(other, null), [], ReferenceBuild.Flavor.Release, out var built) is { } bad)
                    return bad;
                variants.Add(new ReviewVariant($"against {Path.GetFileName(other)}", [other], built!.LibraryPath));
            }

            var request = new RunRequest(baseBuilt!.LibraryPath, new RunSubject(source.Describe, [], "patch", baseBuilt.LibraryPath, []),
                Directory.GetCurrentDirectory(), parsed.GetValue(vectors) ?? [], parsed.GetValue(exclude) ?? [],
                KeepGoing: true, StepTimeout: TimeSpan.FromSeconds(10), RunId: parsed.GetValue(runId) ?? ReportFolder.NewRunId(DateTimeOffset.Now),
                CheckExpectations: false);
            try
            {
                var (_, reviews) = new ReviewPipeline(new RunPipeline(WorkerLaunch.ThisAssembly()))
                    .Run(request, variants, step => Console.Error.WriteLine($"review: {step}"));
                var folder = ReviewReports.Publish(parsed.GetValue(reports) ?? Path.Combine(Directory.GetCurrentDirectory(), "reports"),
                    request.RunId!, source.Describe, reviews);
                foreach (var r in reviews)
                    AnsiConsole.MarkupLineInterpolated($"[bold]{r.Name}[/]: {r.Verdict}.");
                AnsiConsole.MarkupLineInterpolated($"Review: {folder}/review.md");
                return ExitCodes.Conforms;
            }
            catch (VectorLoadException e)
            {
                foreach (var error in e.Errors)
                    Console.Error.WriteLine(error.Message);
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
