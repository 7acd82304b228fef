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
        var minScore = MinScoreOption.Create("mutate's shards: exit 1 when the joined mutation score (in %) is lower, or there is none (no mutant built)");
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
            bool reviews = dirs.Any(Review.ShardReview.IsReviewShard);
            bool mutants = !reviews && dirs.Any(Mutation.MutationReport.IsShard);
            bool explores = !reviews && !mutants && dirs.Any(Explore.ExploreResults.IsShard);
            // Each option is for the shards it judges: said of others it would be silently ignored.
            if (!mutants && parsed.GetResult(minScore) is { Implicit: false })
                throw new UsageException("--min-score: it judges the shards of a mutation run (mutants.json), and these are not");
            if ((mutants || explores) && parsed.GetValue(failOn) is not null)
                throw new UsageException("--fail-on: it judges the findings of a run's or review's shards, and these are " +
                                         (mutants ? "a mutation run's (use --min-score)" : "an explore run's"));
            if (reviews)
                return MergeReviews(dirs, reportsRoot, parsed.GetValue(runId), parsed.GetValue(failOn), document);
            if (mutants)
                return MergeMutants(dirs, reportsRoot, parsed.GetValue(runId), MinScoreOption.Check(parsed.GetValue(minScore)), document);
            if (explores)
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
        var shards = ShardsOf(dirs, Review.ShardReview.IsReviewShard, Review.ShardReview.Read, "a review shard's", Review.ShardReview.FileName);
        var merged = Review.ShardReview.Merge(shards.Select(s => (s.Dir, s.Shard.Variants)).ToList());
        var folder = ReportFolder.Reserve(reportsRoot, runId);
        var published = Review.ReviewReports.Publish(folder, shards[0].Shard.Patch, merged);
        return ReviewCommand.Conclude(merged, published, failOn, document);
    }

    // The shards of a mutation run: the score and every mutant's fate over all of them.
    private static int MergeMutants(IReadOnlyList<string> dirs, string reportsRoot, string? runId, double minScore, OutputOptions.Document document)
    {
        var merged = Mutation.MutationResults.Merge(
            ShardsOf(dirs, Mutation.MutationReport.IsShard, Mutation.MutationReport.Read, "a mutation run's", Mutation.MutationReport.FileName));
        return MutateCommand.Conclude(merged, ReportFolder.Reserve(reportsRoot, runId), minScore, document, "merge");
    }

    // The shards of an explore run: each fact once, from the first scenario of the seed's sequence
    // that showed it, its vector renamed for its place among all of them.
    private static int MergeExplores(IReadOnlyList<string> dirs, string reportsRoot, string? runId, OutputOptions.Document document)
    {
        var (merged, vectors) = Explore.ExploreResults.Merge(
            ShardsOf(dirs, Explore.ExploreResults.IsShard, Explore.ExploreResults.Read, "an explore run's", Explore.ExploreResults.FileName));
        var texts = vectors.Select(v => (v.Fact.File, Text: Explore.ExploreResults.Renamed(v.From, v.WasName, Path.GetFileNameWithoutExtension(v.Fact.File)))).ToList();
        return ExploreCommand.Conclude(merged, ReportFolder.Reserve(reportsRoot, runId),
            texts.Select(t => (t.File, (Action<string>)(path => File.WriteAllText(path, t.Text)))), document, "merge");
    }

    // The folders as shards of one kind, each read; a folder of another kind is refused, naming what the others are.
    private static IReadOnlyList<(string Dir, T Shard)> ShardsOf<T>(IReadOnlyList<string> dirs, Func<string, bool> isShard, Func<string, T> read,
        string kind, string file) =>
        dirs.Select(dir => isShard(dir) ? (dir, read(dir)) : throw new IntakeException(dir, 0, $"{kind} report folder like the others ({file})")).ToList();

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
