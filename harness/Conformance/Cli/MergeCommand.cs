using System.CommandLine;
using Conformance.Intake;
using Conformance.Reports;
using Conformance.Results;

namespace Conformance.Cli;

/// <summary>
/// `conformance merge DIR...`: the report folders of the n shards of one suite (`run --shard i/n`
/// on n machines) joined into one folder with the reports one machine running the whole suite
/// writes: junit.xml, the summaries, summary.json, report.html and steps.csv, scenarios in suite
/// order. The shards must be all n of one suite, run on the same patch and model. The shards of
/// a review join into its reports, those of a mutation run into its score and mutants, and those
/// of an explore run into its facts and their minimal vectors.
/// </summary>
public static class MergeCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("DIR") { Description = "the shards' report folders, in any order", Arity = ArgumentArity.OneOrMore };
        var reports = new Option<string?>("--reports") { Description = "where the merged report folder goes (default: reports/)" };
        var runId = new Option<string?>("--run-id") { Description = "name of the merged report folder" };
        var failOn = new Option<string?>("--fail-on") { Description = FailOnOption.Description };
        var minScore = new Option<double>("--min-score") { Description = "mutate's shards: exit 1 when the joined mutation score (in %) is lower", DefaultValueFactory = _ => 0 };
        var command = new Command("merge", "Join the report folders of the shards of a run, review, mutation or explore run (--shard i/n) into the reports of the whole.")
        {
            folders, reports, runId, failOn, minScore,
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
            bool mutants = dirs.Any(Mutation.MutationReport.IsShard);
            // Each option is for the shards it judges: said of others it would be silently ignored.
            if (!mutants && parsed.GetResult(minScore) is { Implicit: false })
                throw new UsageException("--min-score: it judges the shards of a mutation run (mutants.json), and these are not");
            if (mutants && parsed.GetValue(failOn) is not null)
                throw new UsageException("--fail-on: it judges the findings of a run's or review's shards, and these are a mutation run's (use --min-score)");
            if (mutants)
                return MergeMutants(dirs, reportsRoot, parsed.GetValue(runId), parsed.GetValue(minScore), document);
            if (dirs.Any(Explore.ExploreResults.IsShard))
                return MergeExplores(dirs, reportsRoot, parsed.GetValue(runId), document);
            var shards = dirs.Select(dir => (Dir: dir, Run: ShardRun.Read(dir))).ToList();
            var merged = ShardRun.Merge(shards);
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

    // The shards of a mutation run: the score and every mutant's fate over all of them.
    private static int MergeMutants(IReadOnlyList<string> dirs, string reportsRoot, string? runId, double minScore, OutputOptions.Document document)
    {
        var shards = dirs.Select(dir => Mutation.MutationReport.IsShard(dir) ? (Dir: dir, Run: Mutation.MutationReport.Read(dir))
            : throw new IntakeException(dir, 0, $"a mutation run's report folder like the others ({Mutation.MutationReport.FileName})")).ToList();
        var merged = Mutation.MutationResults.Merge(shards);
        return MutateCommand.Conclude(merged, ReportFolder.Reserve(reportsRoot, runId), minScore, document, "merge");
    }

    // The shards of an explore run: each fact once, from the first scenario of the seed's sequence
    // that showed it, its vector renamed for its place among all of them.
    private static int MergeExplores(IReadOnlyList<string> dirs, string reportsRoot, string? runId, OutputOptions.Document document)
    {
        var shards = dirs.Select(dir => Explore.ExploreResults.IsShard(dir) ? (Dir: dir, Run: Explore.ExploreResults.Read(dir))
            : throw new IntakeException(dir, 0, $"an explore run's report folder like the others ({Explore.ExploreResults.FileName})")).ToList();
        var (merged, vectors) = Explore.ExploreResults.Merge(shards);
        var texts = vectors.Select(v => (v.Fact.File, Text: Renamed(v.From, v.WasName, Path.GetFileNameWithoutExtension(v.Fact.File)))).ToList();
        return ExploreCommand.Conclude(merged, ReportFolder.Reserve(reportsRoot, runId),
            texts.Select(t => (t.File, (Action<string>)(path => File.WriteAllText(path, t.Text)))), document, "merge");
    }

    // A found vector's text with its scenario named anew: the name is each row's first field (after the header).
    private static string Renamed(string vector, string was, string now)
    {
        if (!File.Exists(vector))
            throw new IntakeException(vector, 0, "the found vector its shard's explore.json names");
        var lines = File.ReadAllText(vector).Split('\n');
        for (int i = 1; i < lines.Length; i++)
            if (lines[i].StartsWith(was + ",", StringComparison.Ordinal))
                lines[i] = now + lines[i][was.Length..];
            else if (lines[i].Length > 0)
                throw new IntakeException(vector, i + 1, $"a row of scenario {was}");
        return string.Join('\n', lines);
    }

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
