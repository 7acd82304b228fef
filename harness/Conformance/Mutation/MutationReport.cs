using System.Text;
using System.Text.Json;
using Conformance.Reports;

namespace Conformance.Mutation;

/// <summary>The mutation score and every mutant's fate: mutants.md for people, mutants.json for tools.</summary>
public static class MutationReport
{
    /// <summary>
    /// The score over the mutants in functions the model renders: killed of those that build (judged),
    /// in %, and how many of them did not build. No score (null) when none was judged: a run whose
    /// every mutant failed to build (a broken toolchain, say) has shown nothing, and reading it as
    /// 100% would pass a CI gate.
    /// </summary>
    public static (int Killed, int Judged, int Stillborn, double? Score) Score(MutationResults run)
    {
        var scored = run.Results.Where(run.Scored).ToList();
        int killed = scored.Count(r => r.Fate == MutantFate.Killed);
        int judged = scored.Count(r => r.Fate != MutantFate.Stillborn);
        return (killed, judged, scored.Count - judged, judged == 0 ? null : 100.0 * killed / judged);
    }

    /// <summary>Whether the run's score reaches <paramref name="minimum"/>: no score reaches none above 0.</summary>
    public static bool Reaches(MutationResults run, double minimum) => Score(run).Score is { } score ? score >= minimum : minimum <= 0;

    // The mutants that built in functions no model renders: judged, listed, not scored.
    private static IEnumerable<MutantResult> Outside(MutationResults run) =>
        run.Results.Where(r => !run.Scored(r) && r.Fate != MutantFate.Stillborn);

    public static string Headline(MutationResults run)
    {
        var (killed, judged, stillborn, score) = Score(run);
        var outside = Outside(run).ToList();
        if (score is null)
            return (stillborn > 0
                       ? $"no mutation score: none of the {stillborn} mutants built (the first: {run.Results.First(r => run.Scored(r)).Evidence})."
                       : run.Results.Count == 0 ? "no mutation score: there was no mutant to judge."
                       : "no mutation score: no mutant is in a function the model renders.") + OutsideTheScore(outside, "");
        return $"mutation score {score:0.0}%: the suite kills {killed} of {judged} mutants that build" +
               (stillborn > 0 ? $" ({stillborn} did not build)" : "") + $"; {judged - killed} {(judged - killed == 1 ? "survives" : "survive")}{Documented(run)}." +
               OutsideTheScore(outside, " more");
    }

    // The judged mutants in functions no model renders, said after the score (or its absence).
    private static string OutsideTheScore(IReadOnlyList<MutantResult> outside, string more) =>
        outside.Count == 0 ? ""
        : $" {outside.Count}{more} {(outside.Count == 1 ? "is" : "are")} in functions no model renders ({outside.Count(r => r.Fate == MutantFate.Killed)} killed), outside the score.";

    // How many of the survivors vectors/README.md explains: the rest are the ones to look at.
    private static string Documented(MutationResults run)
    {
        var survivors = run.Results.Where(r => r.Fate == MutantFate.Survived && run.Scored(r)).ToList();
        int unreachable = survivors.Count(r => r.Note?.StartsWith(SurvivorNotes.UnreachablePrefix, StringComparison.Ordinal) == true);
        int equivalent = survivors.Count(r => r.Note?.StartsWith(SurvivorNotes.EquivalentPrefix, StringComparison.Ordinal) == true);
        return unreachable + equivalent == 0 ? ""
            : $" ({unreachable} on lines vectors/README.md documents as unreachable, {equivalent} documented as equivalent, {survivors.Count - unreachable - equivalent} to look at)";
    }

    public static string Markdown(MutationResults run)
    {
        var (patch, results) = (run.Patch, run.Results);
        var md = new StringBuilder();
        md.AppendLine("# Mutation run");
        md.AppendLine();
        md.AppendLine($"Patch `{patch}`. Each mutant is one edit of one line, built and run over the suite against the unchanged model.");
        if (run.ShardCount > 1)
            md.AppendLine($"Shard {run.ShardIndex} of {run.ShardCount}: {results.Count} of the {run.AllMutants} mutants (`conformance merge` joins the shards).");
        if (run.Interrupted)
            md.AppendLine($"Interrupted: {results.Count} mutants were judged before it stopped; the score is theirs.");
        md.AppendLine();
        md.AppendLine($"**{Headline(run)}**");
        md.AppendLine();
        // Which kinds of mistake the suite catches: a survivor's kind says where a scenario is missing.
        var scored = results.Where(r => r.Fate != MutantFate.Stillborn && run.Scored(r)).GroupBy(r => r.Mutant.Operator).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (scored.Count > 0)
        {
            md.AppendLine("## By kind of mistake");
            md.AppendLine();
            CountsTable(md, "operator", scored.Select(g => (g.Key, (IReadOnlyCollection<MutantResult>)g.ToList())));
        }
        // The survivors nothing explains first: those are a suite's gaps, or equivalent mutants to document.
        var survivors = results.Where(r => r.Fate == MutantFate.Survived && run.Scored(r)).OrderBy(r => r.Note is not null).ToList();
        if (survivors.Count > 0)
        {
            md.AppendLine("## Survivors: bugs the suite cannot tell from the patch");
            md.AppendLine();
            foreach (var r in survivors)
            {
                md.AppendLine($"- line {r.Mutant.Line} ({r.Mutant.Operator}, in {r.Mutant.Function}()): {r.Mutant.Description}" +
                              (r.Note is null ? "" : $". Documented {r.Note}"));
                md.AppendLine();
                md.AppendLine("  ```diff");
                md.AppendLine($"  -{r.Mutant.Original}");
                if (r.Mutant.Mutated.Length > 0)
                    md.AppendLine($"  +{r.Mutant.Mutated}");
                md.AppendLine("  ```");
                md.AppendLine();
            }
        }
        // Not the suite's to catch until a model renders them: what a family would have to take on.
        var outside = Outside(run).GroupBy(r => r.Mutant.Function).ToList();
        if (outside.Count > 0)
        {
            md.AppendLine("## In functions no model renders (outside the score)");
            md.AppendLine();
            CountsTable(md, "function", outside.Select(g => ($"{g.Key}()", (IReadOnlyCollection<MutantResult>)g.ToList())));
        }
        md.AppendLine("## Every mutant");
        md.AppendLine();
        md.AppendLine("| # | line | function | operator | edit | fate | evidence |");
        md.AppendLine("| ---: | ---: | --- | --- | --- | --- | --- |");
        foreach (var r in results)
            md.AppendLine($"| {r.Mutant.Id} | {r.Mutant.Line} | {r.Mutant.Function}(){(run.Scored(r) ? "" : " (not rendered)")} | {r.Mutant.Operator} | {r.Mutant.Description} | {r.Fate} | {r.Evidence.Replace("|", "\\|")} |");
        return md.ToString();
    }

    // A row per group of mutants that built: how many, how many killed, how many survived.
    private static void CountsTable(StringBuilder md, string what, IEnumerable<(string Name, IReadOnlyCollection<MutantResult> Mutants)> groups)
    {
        md.AppendLine($"| {what} | mutants | killed | survived |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var (name, mutants) in groups)
            md.AppendLine($"| {name} | {mutants.Count} | {mutants.Count(r => r.Fate == MutantFate.Killed)} | {mutants.Count(r => r.Fate == MutantFate.Survived)} |");
        md.AppendLine();
    }

    public const string FileName = "mutants.json";

    public static string Json(MutationResults run)
    {
        var (killed, judged, stillborn, score) = Score(run);
        return JsonSerializer.Serialize(new Saved(run.Patch, run.Blob, new ShardSet.Place(run.ShardIndex, run.ShardCount), run.AllMutants,
            score, killed, judged, stillborn, run.NotModelled, run.Interrupted,
            run.Results.Select(r => new SavedMutant(r.Mutant.Id, r.Mutant.Line, r.Mutant.Function, run.Scored(r), r.Mutant.Operator, r.Mutant.Description,
                r.Mutant.Original, r.Mutant.Mutated, r.Fate.ToString().ToLowerInvariant(), r.Evidence, r.Note)).ToList()), ReportJson.Options);
    }

    public static bool IsShard(string folder) => File.Exists(Path.Combine(folder, FileName));

    /// <summary>A mutation run's folder read back, or why it is not one (for a clear error).</summary>
    public static MutationResults Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var saved = ReportJson.Read<Saved>(path, ReportJson.Options,
            saved => saved is { Mutants: not null, Shard: not null, Blob: not null, Patch: not null }
                     && saved.Mutants.All(m => m is { Function: not null, Operator: not null, Description: not null, Original: not null, Mutated: not null, Fate: not null, Evidence: not null }),
            "a mutation run's results with their shard (as `conformance mutate` writes them)", "a mutation run's results as `conformance mutate` writes them");
        return new MutationResults(saved.Patch, saved.Blob, saved.Shard.Index, saved.Shard.Count, saved.AllMutants,
            saved.Mutants.Select(m => new MutantResult(new Mutant(m.Id, m.Operator, m.Line, m.Original, m.Mutated, m.Description, m.Function),
                Enum.TryParse<MutantFate>(m.Fate, ignoreCase: true, out var fate) ? fate
                    : throw new Intake.IntakeException(path, 0, $"a fate (killed, survived or stillborn) for mutant {m.Id}, not '{m.Fate}'"),
                m.Evidence, m.Note)).ToList(), saved.NotModelled ?? [], saved.Interrupted);
    }

    // mutants.json as written: the score first for people (over the functions the model renders,
    // which not_modelled names the others of), every mutant for tools, and which share of all the mutants it is.
    private sealed record Saved(string Patch, string Blob, ShardSet.Place Shard, int AllMutants, double? Score, int Killed, int Judged, int Stillborn,
        IReadOnlyList<string>? NotModelled, bool Interrupted, IReadOnlyList<SavedMutant> Mutants);

    private sealed record SavedMutant(int Id, int Line, string Function, bool Scored, string Operator, string Description, string Original, string Mutated,
        string Fate, string Evidence, string? Note = null);
}
