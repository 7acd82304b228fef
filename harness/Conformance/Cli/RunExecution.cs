using System.Diagnostics;
using Conformance.Lockstep;
using Conformance.Lockstep.Isolation;
using Conformance.Reports;
using Conformance.Results;
using Conformance.Vectors;
using Spectre.Console;

namespace Conformance.Cli;

/// <summary>
/// A run once its reference library exists: progress on the console, the reports written, a
/// closing table, and the exit code of the contract (0 all conform, 1 otherwise, 2 bad vectors).
/// </summary>
public static class RunExecution
{
    /// <summary>
    /// Runs and publishes into <paramref name="folder"/>, reserved before any work; the folder is
    /// abandoned when nothing runs (bad vectors) so no empty report appears.
    /// </summary>
    public static int Execute(RunRequest request, ReportFolder folder, Coverage.FileCoverage? coverage = null, IReadOnlyList<string>? coverageSource = null,
        OutputOptions.Document document = OutputOptions.Document.None)
    {
        RunResult? run = null;
        try
        {
            run = WithProgress(request with { RunId = folder.RunId });
            if (request.SourceFile is { } source)
                run = FindingSources.Locate(run, File.ReadAllLines(source), Intake.PatchIntake.PatchedFile);
        }
        catch
        {
            run?.DiscardStepLog();
            folder.Abandon();
            throw;
        }

        ReportFolder.Published published;
        try
        {
            published = Publish(run, folder, coverage is null ? null : (coverage, coverageSource!));
        }
        finally
        {
            run.DiscardStepLog();
        }
        return Conclude(run, published, request.FailOn, document, coverage);
    }

    /// <summary>A run's closing table and headline, its document on standard output, and its exit code.</summary>
    public static int Conclude(RunResult run, ReportFolder.Published published, IReadOnlySet<string>? failOn, OutputOptions.Document document,
        Coverage.FileCoverage? coverage = null)
    {
        PrintSummary(run, published.Folder);
        Console.Error.WriteLine($"conformance: {FindingCategories.Headline(run)}");
        if (document == OutputOptions.Document.Json)
            Console.Out.Write(SummaryJson.Render(run, coverage) + "\n");
        else if (document == OutputOptions.Document.Ktap)
            Console.Out.Write(KtapReport.Render(run));
        int exit = run.AllConform ? ExitCodes.Conforms : ExitCodes.Divergence;
        var failing = FindingCategories.Failing(run, failOn ?? new HashSet<string>());
        if (exit == ExitCodes.Conforms && failing.Count > 0)
        {
            Console.Error.WriteLine($"conformance: --fail-on {string.Join(",", failOn!)}: {failing.Count} finding(s) of those kinds: exit 1");
            exit = ExitCodes.Divergence;
        }
        return Verdict(exit, published);
    }

    /// <summary>The run's exit code, unless a report could not be written: then 4, saying which and where the rest are.</summary>
    public static int Verdict(int runExitCode, ReportFolder.Published published)
    {
        if (published.Failed.Count == 0)
            return runExitCode;
        foreach (var failure in published.Failed)
            Console.Error.WriteLine($"conformance: could not write {failure}");
        Console.Error.WriteLine($"conformance: the run finished (exit {runExitCode} by its results); the reports that were written are in {published.Folder}");
        return ExitCodes.HarnessFailed;
    }

    /// <param name="stepsCsv">How steps.csv is written when not from the run's step log (a merge joins the shards' files).</param>
    public static ReportFolder.Published Publish(RunResult run, ReportFolder folder, (Coverage.FileCoverage, IReadOnlyList<string>)? coverage,
        Action<string>? stepsCsv = null)
    {
        var files = new List<(string, Action<string>)>
        {
            ("junit.xml", path => JUnitReport.Write(run, path)),
            ("summary.md", path => File.WriteAllText(path, MarkdownSummary.Render(run))),
            ("summary.txt", path => File.WriteAllText(path, TextSummary.Render(run))),
            ("report.html", path => File.WriteAllText(path, HtmlReport.Render(run, coverage))),
            ("steps.csv", stepsCsv ?? (path => StepsCsv.Write(run, path))),
            ("summary.json", path => File.WriteAllText(path, SummaryJson.Render(run, coverage?.Item1))),
        };
        if (run.Shard is not null)
            files.Add((ShardRun.FileName, path => ShardRun.Write(run, path)));
        if (coverage is var (measured, _))
        {
            files.Add(("coverage.lcov", path => File.WriteAllText(path, Coverage.CoverageFiles.Lcov(measured))));
            files.Add(("coverage.xml", path => File.WriteAllText(path, Coverage.CoverageFiles.Cobertura(measured, run.Started))));
        }
        return folder.Publish(files);
    }

    // A live progress bar on a terminal; anywhere else one line per scenario as it finishes
    // (with -q only the ones that did not conform; with -v each finding under its scenario).
    private static RunResult WithProgress(RunRequest request)
    {
        // The first worker (which tells the run the library's resources) is started as for a short
        // run; a long one lets it go and starts its workers with tiered PGO (RunPipeline).
        var pipeline = new RunPipeline(WorkerLaunch.ThisAssembly(shortScenarios: true));
        var clock = Stopwatch.StartNew();
        long steps = 0;
        if (!ConsoleStyle.Interactive || ConsoleStyle.Verbosity != Verbosity.Normal)
            return pipeline.Run(request, (done, total, r) =>
            {
                steps += r.StepsRun;
                if (ConsoleStyle.Verbosity == Verbosity.Quiet && r.Outcome == ScenarioOutcome.Conforms)
                    return;
                Console.Error.WriteLine($"[{done}/{total}] {r.File}:{r.Line} {r.Name}: {r.Outcome}, {r.StepsRun} steps, {r.Findings.Count} findings" +
                                        $" ({steps / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):F0} steps/s)");
                if (r.FirstFailure is { } f)
                    Console.Error.WriteLine($"    {r.File}:{f.Line}: {f.Message}");
                if (ConsoleStyle.Verbosity == Verbosity.Verbose)
                    foreach (var finding in r.Findings)
                        Console.Error.WriteLine($"    {r.File}:{finding.Line}: {finding.Kind}: {finding.Text.Replace("`", "")}");
            });
        RunResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("scenarios");
                result = pipeline.Run(request, (done, total, r) =>
                {
                    steps += r.StepsRun;
                    task.MaxValue = total;
                    task.Value = done;
                    task.Description = $"{done}/{total} scenarios, {steps / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} steps/s";
                });
            });
        return result!;
    }

    private static void PrintSummary(RunResult run, string folder)
    {
        if (ConsoleStyle.Verbosity != Verbosity.Quiet)
        {
            var table = ConsoleStyle.Table("outcome", "scenarios");
            foreach (var outcome in Enum.GetValues<ScenarioOutcome>())
                table.AddRow(outcome.ToString(), run.Count(outcome).ToString());
            table.AddRow("steps", run.StepsRun.ToString());
            table.AddRow("findings", run.FindingCount.ToString());
            AnsiConsole.Write(table);
        }
        foreach (var s in run.Scenarios.Where(s => s.FirstFailure is not null).Take(10))
            AnsiConsole.MarkupLineInterpolated($"[red]{s.Outcome}[/] {s.File}:{s.FirstFailure!.Line} {s.Name}: {s.FirstFailure.Message}");
        AnsiConsole.MarkupLineInterpolated($"{(run.AllConform ? "Conforms" : "Does not conform")}. Reports: {folder}");
    }
}
