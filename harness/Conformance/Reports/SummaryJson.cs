using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.Results;

namespace Conformance.Reports;

/// <summary>summary.json: the totals and per-scenario results for tools. Steps are in steps.csv.</summary>
public static class SummaryJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Render(RunResult run, Coverage.FileCoverage? coverage = null)
    {
        var document = new
        {
            run.RunId,
            Started = run.Started.UtcDateTime,
            DurationSeconds = run.Duration.TotalSeconds,
            run.Subject,
            Conforms = run.AllConform,
            Headline = FindingCategories.Headline(run),
            ReferenceStderr = run.ReferenceStderr,
            Coverage = coverage is null ? null : new
            {
                coverage.File,
                coverage.BlobId,
                coverage.LinesHit,
                coverage.LinesTotal,
                coverage.BranchesTaken,
                coverage.BranchesTotal,
                coverage.Complete,
                ScopeFunctions = coverage.Scope?.Order(StringComparer.Ordinal).ToList(),
                MissedLines = coverage.MissedLines.Select(l => l.Line).ToList(),
                LinesWithUntakenBranches = coverage.LinesWithUntakenBranches.Select(l => l.Line).ToList(),
            },
            Totals = new
            {
                Scenarios = run.Scenarios.Count,
                Steps = run.StepsRun,
                Findings = run.FindingCount,
                ByOutcome = Enum.GetValues<ScenarioOutcome>().ToDictionary(o => JsonNamingPolicy.SnakeCaseLower.ConvertName(o.ToString()), run.Count),
            },
            Scenarios = run.Scenarios.Select(s => new
            {
                s.Name,
                s.File,
                s.Line,
                s.Outcome,
                s.StepsRun,
                s.StepsTotal,
                s.StepsRecorded,
                DurationSeconds = s.Duration.TotalSeconds,
                s.FirstFailure,
                s.LaterFailures,
                s.FailingSteps,
                s.Findings,
                s.ErrorCount,
                s.Errors,
            }),
        };
        return JsonSerializer.Serialize(document, Options);
    }
}
