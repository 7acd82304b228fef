using System.Text.Json;
using Conformance.Lockstep.Isolation;
using Conformance.Results;

namespace Conformance.Reports;

/// <summary>
/// run.json: what one shard of a suite found, whole (every scenario's result, findings and kept
/// steps, the subject, the shard's place in the suite), so that `conformance merge` can write the
/// suite's reports from the shards' folders as one machine running it all would have.
/// </summary>
public static class ShardRun
{
    public const string FileName = "run.json";

    /// <remarks>
    /// With the timeline steps of the scenarios report.html may draw, read from the step log: a
    /// scenario the suite draws is one its shard would (the suite's first N, or first N failed,
    /// are each among their shard's).
    /// </remarks>
    public static void Write(RunResult run, string path)
    {
        var drawn = ShownScenarios.Of(run.Scenarios).Shown.Select(x => x.Index).ToHashSet();
        var scenarios = run.Scenarios.Select((s, i) => drawn.Contains(i) ? s with { Steps = StepRecord.Timeline(run.StepsOf(i)) } : s with { Steps = [] }).ToList();
        File.WriteAllText(path, JsonSerializer.Serialize(run with { StepLogDirectory = null, Scenarios = scenarios }, WorkerWire.Options));
    }

    /// <summary>A shard's run, or why the folder is not one (for a clear error).</summary>
    public static RunResult Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new Intake.IntakeException(folder, 0, $"a shard's report folder (a run with --shard i/n writes {FileName}), but " +
                                                         (Directory.Exists(folder) ? $"it has no {FileName}" : "there is no such folder"));
        return ReportJson.Read<RunResult>(path, WorkerWire.Options, run => run.Shard is not null,
            "a shard's run (with its place in the suite)", "a shard's run as `conformance run --shard` writes it");
    }

    /// <summary>
    /// The suite's run from its shards: every shard of 1..n exactly once, one after the other in the
    /// suite (each starting where the one before ended), the same subject. Started is the earliest
    /// shard's start and the duration the longest shard's: the wall time of the matrix.
    /// </summary>
    public static RunResult Merge(IReadOnlyList<(string Dir, RunResult Run)> shards)
    {
        var first = shards[0];
        foreach (var (dir, run) in shards)
        {
            if (run.Shard!.SuiteScenarios != first.Run.Shard!.SuiteScenarios)
                throw new Intake.IntakeException(dir, 0, $"a shard of the same suite as {first.Dir} ({first.Run.Shard.SuiteScenarios} scenarios), " +
                                                  $"but it is shard {run.Shard.Index}/{run.Shard.Count} of {run.Shard.SuiteScenarios} scenarios");
            if (!SameSubject(run.Subject, first.Run.Subject))
                throw new Intake.IntakeException(dir, 0, $"a shard run on the same patch, fixes and model as {first.Dir} ({first.Run.Subject.Patch}), but it ran {run.Subject.Patch}");
        }
        var ordered = ShardSet.InOrder(shards.Select(s => (s.Dir, s.Run)).ToList(), run => (run.Shard!.Index, run.Shard.Count));
        int next = 0;
        foreach (var (dir, run) in ordered)
        {
            if (run.Shard!.FirstScenario != next)
                throw new Intake.IntakeException(dir, 0, $"a shard starting at scenario {next} of the suite, but it starts at {run.Shard.FirstScenario}");
            next += run.Scenarios.Count;
        }
        if (next != first.Run.Shard!.SuiteScenarios)
            throw new Intake.IntakeException(ordered[^1].Dir, 0, $"shards covering all {first.Run.Shard.SuiteScenarios} scenarios, but they hold {next}");
        return new RunResult(first.Run.RunId, ordered.Min(s => s.Item.Started), ordered.Max(s => s.Item.Duration), first.Run.Subject,
            ordered.SelectMany(s => s.Item.Scenarios).ToList(), ordered.SelectMany(s => s.Item.ReferenceStderr).ToList());
    }

    private static bool SameSubject(RunSubject a, RunSubject b) =>
        a.Patch == b.Patch && a.Fixes.SequenceEqual(b.Fixes) && a.ModelVariant == b.ModelVariant && a.ModelFamily == b.ModelFamily
        && a.Resources.SequenceEqual(b.Resources) && a.ExpectationsChecked == b.ExpectationsChecked;

}
