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

    public static void Write(RunResult run, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(run with { StepLogDirectory = null }, WorkerWire.Options));

    /// <summary>A shard's run, or why the folder is not one (for a clear error).</summary>
    public static RunResult Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new Intake.IntakeException(folder, 0, $"a shard's report folder (a run with --shard i/n writes {FileName}), but it has no {FileName}");
        try
        {
            var run = JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), WorkerWire.Options);
            if (run?.Shard is null)
                throw new Intake.IntakeException(path, 0, "a shard's run (with its place in the suite)");
            return run;
        }
        catch (JsonException e)
        {
            throw new Intake.IntakeException(path, (int)(e.LineNumber ?? 0) + 1, $"a shard's run as `conformance run --shard` writes it ({e.Message.Split('.')[0]})");
        }
    }
}
