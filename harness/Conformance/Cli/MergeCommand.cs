using System.CommandLine;
using Conformance.Intake;
using Conformance.Reports;
using Conformance.Results;

namespace Conformance.Cli;

/// <summary>
/// `conformance merge DIR...`: the report folders of the n shards of one suite (`run --shard i/n`
/// on n machines) joined into one folder with the reports one machine running the whole suite
/// writes: junit.xml, the summaries, summary.json, report.html and steps.csv, scenarios in suite
/// order. The shards must be all n of one suite, run on the same patch and model.
/// </summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("DIR") { Description = "the shards' report folders, in any order", Arity = ArgumentArity.OneOrMore };
        var reports = new Option<string?>("--reports") { Description = "where the merged report folder goes (default: reports/)" };
        var runId = new Option<string?>("--run-id") { Description = "name of the merged report folder" };
        var failOn = new Option<string?>("--fail-on") { Description = FailOnOption.Description };
        var command = new Command("merge", "Join the report folders of a suite's shards (run --shard i/n) into the reports of the whole suite.")
        {
            folders, reports, runId, failOn,
        };
        var output = new OutputOptions(ktap: true);
        output.AddTo(command);
        command.SetAction(parsed =>
        {
            var document = output.Apply(parsed);
            var failKinds = FailOnOption.Check(parsed.GetValue(failOn));
            var dirs = parsed.GetValue(folders)!;
            var reportsRoot = parsed.GetValue(reports) ?? Path.Combine(Directory.GetCurrentDirectory(), "reports");
            if (dirs.Any(Review.ShardReview.IsReviewShard))
                return MergeReviews(dirs, reportsRoot, parsed.GetValue(runId), parsed.GetValue(failOn), document);
            var shards = dirs.Select(dir => (Dir: dir, Run: ShardRun.Read(dir))).ToList();
            var merged = Merge(shards);
            var folder = ReportFolder.Reserve(reportsRoot, parsed.GetValue(runId));
            var inOrder = shards.OrderBy(s => s.Run.Shard!.Index).Select(s => Path.Combine(s.Dir, "steps.csv")).ToList();
            var published = RunExecution.Publish(merged with { RunId = folder.RunId }, folder, null, path => JoinCsv(inOrder, path));
            return RunExecution.Conclude(merged, published, failKinds, document);
        });
        return command;
    }

    // The shards of a review: its reports for the whole suite.
    private static int MergeReviews(IReadOnlyList<string> dirs, string reportsRoot, string? runId, string? failOn, OutputOptions.Document document)
    {
        FailOnOption.Check(failOn, FailOnOption.ForReview);
        var shards = dirs.Select(dir => Review.ShardReview.IsReviewShard(dir) ? (Dir: dir, Shard: Review.ShardReview.Read(dir))
            : throw new IntakeException(dir, 0, $"a review shard's report folder like the others ({Review.ShardReview.FileName})")).ToList();
        var merged = Review.ShardReview.Merge(shards.Select(s => (s.Dir, s.Shard.Variants)).ToList());
        var folder = ReportFolder.Reserve(reportsRoot, runId);
        var published = Review.ReviewReports.Publish(folder, shards[0].Shard.Patch, merged);
        return ReviewCommand.Conclude(merged, published, failOn, document);
    }

    /// <summary>
    /// The suite's run from its shards: every shard of 1..n exactly once, one after the other in the
    /// suite (each starting where the one before ended), the same subject. Started is the earliest
    /// shard's start and the duration the longest shard's: the wall time of the matrix.
    /// </summary>
    public static RunResult Merge(IReadOnlyList<(string Dir, RunResult Run)> shards)
    {
        var first = shards[0];
        int n = first.Run.Shard!.Count;
        foreach (var (dir, run) in shards)
        {
            if (run.Shard!.Count != n || run.Shard.SuiteScenarios != first.Run.Shard.SuiteScenarios)
                throw new IntakeException(dir, 0, $"a shard of the same suite as {first.Dir} ({n} shards, {first.Run.Shard.SuiteScenarios} scenarios), " +
                                                  $"but it is shard {run.Shard.Index}/{run.Shard.Count} of {run.Shard.SuiteScenarios} scenarios");
            if (!SameSubject(run.Subject, first.Run.Subject))
                throw new IntakeException(dir, 0, $"a shard run on the same patch, fixes and model as {first.Dir} ({first.Run.Subject.Patch}), but it ran {run.Subject.Patch}");
        }
        var ordered = shards.OrderBy(s => s.Run.Shard!.Index).ToList();
        var missing = Enumerable.Range(1, n).Except(ordered.Select(s => s.Run.Shard!.Index)).ToList();
        if (missing.Count > 0 || ordered.Count != n)
            throw new IntakeException(string.Join(" ", shards.Select(s => s.Dir)), 0,
                $"all {n} shards once each, but {(missing.Count > 0 ? $"shard(s) {string.Join(", ", missing.Select(i => $"{i}/{n}"))} are missing" : "a shard is given twice")}");
        int next = 0;
        foreach (var (dir, run) in ordered)
        {
            if (run.Shard!.FirstScenario != next)
                throw new IntakeException(dir, 0, $"a shard starting at scenario {next} of the suite, but it starts at {run.Shard.FirstScenario}");
            next += run.Scenarios.Count;
        }
        if (next != first.Run.Shard.SuiteScenarios)
            throw new IntakeException(ordered[^1].Dir, 0, $"shards covering all {first.Run.Shard.SuiteScenarios} scenarios, but they hold {next}");
        return new RunResult(first.Run.RunId, ordered.Min(s => s.Run.Started), ordered.Max(s => s.Run.Duration), first.Run.Subject,
            ordered.SelectMany(s => s.Run.Scenarios).ToList(), ordered.SelectMany(s => s.Run.ReferenceStderr).ToList());
    }

    private static bool SameSubject(RunSubject a, RunSubject b) =>
        a.Patch == b.Patch && a.Fixes.SequenceEqual(b.Fixes) && a.ModelVariant == b.ModelVariant && a.ModelFamily == b.ModelFamily
        && a.Resources.SequenceEqual(b.Resources) && a.ExpectationsChecked == b.ExpectationsChecked;

    // steps.csv of the suite: the shards' rows in suite order under one header, byte for byte.
    private static void JoinCsv(IReadOnlyList<string> parts, string path)
    {
        using var output = File.Create(path);
        for (int i = 0; i < parts.Count; i++)
        {
            if (!File.Exists(parts[i]))
                throw new IntakeException(Path.GetDirectoryName(parts[i])!, 0, "a shard's report folder with its steps.csv");
            using var input = File.OpenRead(parts[i]);
            var header = new MemoryStream();
            for (int b = input.ReadByte(); b >= 0; b = input.ReadByte())
            {
                header.WriteByte((byte)b);
                if (b == '\n')
                    break;
            }
            if (i == 0)
                header.WriteTo(output);
            input.CopyTo(output);
        }
    }
}
