using System.CommandLine;
using Conformance.Coverage;
using Conformance.Lockstep;
using Conformance.Observation;
using Conformance.ReferenceBuild;
using Conformance.Reports;
using Conformance.Results;
using Conformance.Vectors;
using Spectre.Console;

namespace Conformance.Cli;

/// <summary>
/// `conformance coverage`: the suite's line and branch coverage of the patch's mpam_resctrl.c,
/// measured with gcov on the pure-C replay, then the usual lockstep run with the annotated file
/// in report.html. Exit 1 when a line or branch that is not a documented exception
/// (vectors/README.md, "Unreachable lines") was not reached, or when the run does not conform.
/// </summary>
public static class CoverageCommand
{
    public static Command Create()
    {
        var patch = new PatchOptions();
        var vectors = new Option<string[]>("--vectors") { Description = $"vector files (glob or folder, repeatable; default {VectorSelection.DefaultInclude})" };
        var exclude = new Option<string[]>("--exclude") { Description = "vector files to leave out (glob or folder, repeatable)" };
        var reports = new Option<string?>("--reports") { Description = "where report folders go (default: reports/)" };
        var command = new Command("coverage", "Line and branch coverage of the patch's file by the vector suite, with the lockstep run's reports.")
        {
            vectors, exclude, reports,
        };
        patch.AddTo(command);
        var output = new OutputOptions(ktap: true);
        output.AddTo(command);
        command.SetAction(parsed =>
        {
            var document = output.Apply(parsed);
            var source = patch.SourceOf(parsed);
            var fixes = patch.FixesOf(parsed);
            var folder = ReportFolder.Reserve(parsed.GetValue(reports) ?? Path.Combine(Directory.GetCurrentDirectory(), "reports"), null);
            try
            {
                return Measure(parsed, source, fixes, folder, document);
            }
            catch
            {
                folder.Abandon();
                throw;
            }
        });
        return command;

        int Measure(ParseResult parsed, Intake.PatchSource source, IReadOnlyList<string> fixes, ReportFolder folder, OutputOptions.Document document)
        {
            var gcov = ReferenceBuilder.Build(source, fixes, Flavor.Coverage);
            var release = ReferenceBuilder.Build(source, fixes, Flavor.Release);
            var root = Directory.GetCurrentDirectory();
            // The harness reads and checks the vectors; the C replay gets them as a step file.
            var revision = Model.RevisionFacts.Of(gcov.SourceDirectory);
            var model = Model.ModelFamilies.Pick(revision.Defined);
            var files = VectorSelection.Select(root, parsed.GetValue(vectors) ?? [], parsed.GetValue(exclude) ?? [], model.Family.Name);
            var profile = revision.Profile(ResourceProfile.Default);
            var scenarios = VectorLoader.Load(root, files, profile);
            var readme = Path.Combine(RepoRoot.Find(), "vectors", "README.md");
            var exceptions = File.Exists(readme) ? CoverageExceptions.Read(readme) : [];
            // A revision its family renders only in part is held to the functions it renders.
            var scope = model.NotModelled.Count == 0 ? null : revision.Defined.Where(model.Family.Implements.Contains).ToHashSet(StringComparer.Ordinal);
            var (coverage, sourceLines) = CoveragePipeline.Measure(gcov.OutputDirectory, gcov.ReplayPath, gcov.SourceDirectory,
                gcov.BlobId, scenarios, profile, exceptions, scope);
            Print(coverage);
            PrintByFunction(coverage, model);

            var request = new RunRequest(release.LibraryPath, new RunSubject(source.Describe, fixes, "patch", release.LibraryPath, []),
                root, parsed.GetValue(vectors) ?? [], parsed.GetValue(exclude) ?? [], KeepGoing: false, StepTimeout: TimeSpan.FromSeconds(10),
                ModelFamily: model.Family.Name, Features: profile.Features, PicksClasses: profile.PicksClasses,
                SourceFile: Path.Combine(release.SourceDirectory, Intake.PatchIntake.PatchedFile));
            int run = RunExecution.Execute(request, folder, coverage, sourceLines, document);
            return run != ExitCodes.Conforms ? run : coverage.Complete ? ExitCodes.Conforms : ExitCodes.Divergence;
        }
    }

    // Per function, so a revision larger than its model shows where the suite and the model stand.
    private static void PrintByFunction(FileCoverage c, (Model.ModelFamily Family, IReadOnlyList<string> NotModelled) model)
    {
        var notModelled = model.NotModelled.ToHashSet(StringComparer.Ordinal);
        var table = ConsoleStyle.Table("function", "line", "lines", "branches", $"model ({model.Family.Name})");
        foreach (var f in c.ByFunction())
            table.AddRow(Markup.Escape(f.Function), f.FirstLine.ToString(), $"{f.LinesHit}/{f.LinesTotal}", $"{f.BranchesTaken}/{f.BranchesTotal}",
                notModelled.Contains(f.Function) ? "not modelled" : model.Family.Implements.Contains(f.Function) ? "modelled" : "(a stand-in's)");
        AnsiConsole.Write(table);
    }

    private static void Print(FileCoverage c)
    {
        AnsiConsole.MarkupLineInterpolated(
            $"Coverage of {c.File} (blob {c.BlobId[..12]}){(c.Scope is null ? "" : $", the {c.Scope.Count} functions the model renders")}: lines {c.LinesHit}/{c.LinesTotal} ({FileCoverage.Percent(c.LinesHit, c.LinesTotal):0.0}%), branches {c.BranchesTaken}/{c.BranchesTotal} ({FileCoverage.Percent(c.BranchesTaken, c.BranchesTotal):0.0}%), {c.Exceptions.Count(e => c.BlobId.StartsWith(e.BlobPrefix, StringComparison.Ordinal))} documented exception(s)");
        foreach (var line in c.MissedLines)
            AnsiConsole.MarkupLineInterpolated($"[red]not reached[/]: line {line.Line} ({line.Function})");
        foreach (var line in c.LinesWithUntakenBranches)
            AnsiConsole.MarkupLineInterpolated($"[red]branch not taken[/]: line {line.Line} ({line.Function}): {string.Join(" ", line.Branches)}");
        foreach (var stale in c.UnusedExceptions)
            AnsiConsole.MarkupLineInterpolated($"[yellow]stale exception[/]: lines {stale.FirstLine}-{stale.LastLine} ({stale.Function}) are not code");
        AnsiConsole.MarkupLine(c.Complete ? "Coverage complete." : "[red]Coverage incomplete.[/]");
    }
}
