using System.Text;
using System.Text.Json;

namespace Conformance.Mutation;

/// <summary>The mutation score and every mutant's fate: mutants.md for people, mutants.json for tools.</summary>
public static class MutationReport
{
    public static (int Killed, int Judged, double Score) Score(IReadOnlyList<MutantResult> results)
    {
        int killed = results.Count(r => r.Fate == MutantFate.Killed);
        int judged = results.Count(r => r.Fate != MutantFate.Stillborn);
        return (killed, judged, judged == 0 ? 100 : 100.0 * killed / judged);
    }

    public static string Headline(IReadOnlyList<MutantResult> results)
    {
        var (killed, judged, score) = Score(results);
        int stillborn = results.Count - judged;
        return $"mutation score {score:0.0}%: the suite kills {killed} of {judged} mutants that build" +
               (stillborn > 0 ? $" ({stillborn} did not build)" : "") + $"; {judged - killed} survive.";
    }

    public static string Markdown(string patch, IReadOnlyList<MutantResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine("# Mutation run");
        md.AppendLine();
        md.AppendLine($"Patch `{patch}`. Each mutant is one edit of one line, built and run over the suite against the unchanged model.");
        md.AppendLine();
        md.AppendLine($"**{Headline(results)}**");
        md.AppendLine();
        var survivors = results.Where(r => r.Fate == MutantFate.Survived).ToList();
        if (survivors.Count > 0)
        {
            md.AppendLine("## Survivors: bugs the suite cannot tell from the patch");
            md.AppendLine();
            foreach (var r in survivors)
            {
                md.AppendLine($"- line {r.Mutant.Line} ({r.Mutant.Operator}): {r.Mutant.Description}");
                md.AppendLine();
                md.AppendLine("  ```diff");
                md.AppendLine($"  -{r.Mutant.Original}");
                if (r.Mutant.Mutated.Length > 0)
                    md.AppendLine($"  +{r.Mutant.Mutated}");
                md.AppendLine("  ```");
                md.AppendLine();
            }
        }
        md.AppendLine("## Every mutant");
        md.AppendLine();
        md.AppendLine("| # | line | operator | edit | fate | evidence |");
        md.AppendLine("| ---: | ---: | --- | --- | --- | --- |");
        foreach (var r in results)
            md.AppendLine($"| {r.Mutant.Id} | {r.Mutant.Line} | {r.Mutant.Operator} | {r.Mutant.Description} | {r.Fate} | {r.Evidence.Replace("|", "\\|")} |");
        return md.ToString();
    }

    public static string Json(string patch, IReadOnlyList<MutantResult> results)
    {
        var (killed, judged, score) = Score(results);
        return JsonSerializer.Serialize(new
        {
            patch,
            score,
            killed,
            judged,
            stillborn = results.Count - judged,
            mutants = results.Select(r => new
            {
                id = r.Mutant.Id, line = r.Mutant.Line, @operator = r.Mutant.Operator, description = r.Mutant.Description,
                original = r.Mutant.Original, mutated = r.Mutant.Mutated, fate = r.Fate.ToString().ToLowerInvariant(), evidence = r.Evidence,
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
    }
}
