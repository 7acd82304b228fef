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
    public static int Execute(RunRequest request, string reportsRoot, Coverage.FileCoverage? coverage = null, IReadOnlyList<string>? coverageSource = null)
    {
        RunResult run;
        try
        {
            run = WithProgress(request);
        }
        catch (VectorLoadException e)
        {
            foreach (var error in e.Errors)
                Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine($"conformance: {e.Errors.Count} error(s) in the vectors; nothing was run.");
            return ExitCodes.BadInput;
        }

        var folder = Publish(run, reportsRoot, coverage is null ? null : (coverage, coverageSource!));
        PrintSummary(run, folder);
        return run.AllConform ? ExitCodes.Conforms : ExitCodes.Divergence;
    }

    public static string Publish(RunResult run, string reportsRoot, (Coverage.FileCoverage, IReadOnlyList<string>)? coverage) =>
        ReportFolder.Publish(reportsRoot, run.RunId, dir =>
        {
            JUnitReport.Write(run, Path.Combine(dir, "junit.xml"));
            File.WriteAllText(Path.Combine(dir, "summary.md"), MarkdownSummary.Render(run));
            File.WriteAllText(Path.Combine(dir, "report.html"), HtmlReport.Render(run, coverage));
            StepsCsv.Write(run, Path.Combine(dir, "steps.csv"));
            File.WriteAllText(Path.Combine(dir, "summary.json"), SummaryJson.Render(run));
        });

    // A live progress bar on a terminal; on CI (no terminal) one line per finished vector file.
    private static RunResult WithProgress(RunRequest request)
    {
        var pipeline = new RunPipeline(WorkerLaunch.ThisAssembly());
        var clock = Stopwatch.StartNew();
        long steps = 0;
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            string? lastFile = null;
            return pipeline.Run(request, (done, total, r) =>
            {
                steps += r.StepsRun;
                if (r.File != lastFile || done == total)
                    Console.Error.WriteLine($"[{done}/{total}] {r.File}: {r.Outcome} ({steps / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} steps/s)");
                lastFile = r.File;
            });
        }
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
        var table = new Table().AddColumns("outcome", "scenarios");
        foreach (var outcome in Enum.GetValues<ScenarioOutcome>())
            table.AddRow(outcome.ToString(), run.Count(outcome).ToString());
        table.AddRow("steps", run.StepsRun.ToString());
        table.AddRow("findings", run.FindingCount.ToString());
        AnsiConsole.Write(table);
        foreach (var s in run.Scenarios.Where(s => s.FirstFailure is not null).Take(10))
            AnsiConsole.MarkupLineInterpolated($"[red]{s.Outcome}[/] {s.File}:{s.FirstFailure!.Line} {s.Name}: {s.FirstFailure.Message}");
        AnsiConsole.MarkupLineInterpolated($"{(run.AllConform ? "Conforms" : "Does not conform")}. Reports: {folder}");
    }
}
