using System.Text;
using Conformance.Results;

namespace Conformance.Reports;

/// <summary>
/// summary.md: ready to paste as a CI step summary. It opens with the verdict (do the sides agree,
/// what does the patch do), then the findings a reviewer reads next, then the scenarios and the
/// steps whose operation returned an error. It stays within what a CI takes for a step summary
/// (GitHub refuses one past 1 MiB, and shows none of it): a run of thousands of scenarios
/// lists some (<see cref="ShownScenarios"/>) and counts the rest.
/// </summary>
public static class MarkdownSummary
{
    /// <summary>Failing scenarios whose first failure is shown with its details; the others are listed.</summary>
    public const int FailuresDetailed = 20;

    /// <summary>Bytes of UTF-8 the summary stays within, a margin under GitHub's 1 MiB for a step summary.</summary>
    public const int Budget = 1_000_000;

    public static string Render(RunResult run) => WithinBudget(Whole(run));

    private static string Whole(RunResult run)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Conformance run `{run.RunId}`");
        md.AppendLine();
        md.AppendLine($"Patch `{run.Subject.Patch}`{FixesText(run.Subject)}, model family `{run.Subject.ModelFamily}`, variant `{run.Subject.ModelVariant}`." +
                      (run.Subject.ExpectationsChecked ? "" : " The vectors' golden expectations were not checked (--ignore-expectations): lockstep only."));
        md.AppendLine();

        md.AppendLine("## Verdict");
        md.AppendLine();
        md.AppendLine($"**{FindingCategories.Headline(run)}**");
        md.AppendLine();
        md.AppendLine(run.AllConform
            ? $"Conforms: the patch's C code and the model agree on every observable of {Counted.Of(run.StepsRun, "step")} in {Counted.Of(run.Scenarios.Count, "scenario")}."
            : $"Does not conform: {run.Scenarios.Count - run.Count(ScenarioOutcome.Conforms)} of {run.Scenarios.Count} scenarios failed.");
        md.AppendLine();
        md.AppendLine("| outcome | scenarios |");
        md.AppendLine("| --- | ---: |");
        foreach (var outcome in Enum.GetValues<ScenarioOutcome>())
            md.AppendLine($"| {outcome} | {run.Count(outcome)} |");
        md.AppendLine();

        AppendFindings(md, run);
        AppendNotModelled(md, run);
        AppendReferenceStderr(md, run);
        AppendBuildWarnings(md, run);

        var failed = run.Scenarios.Where(s => s.FirstFailure is not null).ToList();
        if (failed.Count > 0)
        {
            md.AppendLine("## First failures");
            md.AppendLine();
            foreach (var s in failed.Take(FailuresDetailed))
            {
                var f = s.FirstFailure!;
                md.AppendLine($"### `{s.Name}` ({s.Outcome})");
                md.AppendLine();
                md.AppendLine($"`{s.File}:{f.Line}`, step {f.Step}: {Escape(f.Message)}");
                md.AppendLine();
                md.AppendLine("```");
                foreach (var line in f.Details)
                    md.AppendLine(line);
                md.AppendLine("```");
                md.AppendLine();
            }
            if (failed.Count > FailuresDetailed)
            {
                md.AppendLine($"{failed.Count - FailuresDetailed} more scenarios failed: report.html and summary.json have their failures.");
                md.AppendLine();
            }
        }

        md.AppendLine("## Scenarios");
        md.AppendLine();
        md.AppendLine("| scenario | file | outcome | steps | findings | errors |");
        md.AppendLine("| --- | --- | --- | ---: | ---: | --- |");
        var shown = ShownScenarios.Of(run.Scenarios);
        foreach (var (_, s) in shown.Shown)
            md.AppendLine($"| `{s.Name}` | `{s.File}:{s.Line}` | {s.Outcome} | {s.StepsRun}/{s.StepsTotal} | {s.Findings.Count} | {ErrorsCell(s)} |");
        md.AppendLine();
        if (shown.CountedText() is { } counted)
        {
            md.AppendLine($"{counted} are not listed: {ShownScenarios.Where}.");
            md.AppendLine();
        }
        AppendErrors(md, run);
        return md.ToString();
    }

    private static void AppendFindings(StringBuilder md, RunResult run)
    {
        md.AppendLine("## Findings");
        md.AppendLine();
        if (run.FindingCount == 0)
        {
            md.AppendLine("None: no invariant violation, leak, WARN, lockdep or RCU-rule report in any scenario.");
            md.AppendLine();
            return;
        }
        foreach (var group in FindingGroups.Of(run))
        {
            md.AppendLine($"- **{group.Kind}**: {Escape(group.Text)}{group.At(t => $"`{t}`")} Shown by {FindingGroups.Places(group, t => $"`{t}`")}." +
                          (FindingGroups.Growth(group) is { } growth ? $" {Escape(growth)}" : ""));
            if (group.ShownBy[0].Finding.Quote is { } quote)
            {
                md.AppendLine();
                md.AppendLine("  ```c");
                md.AppendLine($"  {quote}");
                md.AppendLine("  ```");
                md.AppendLine();
            }
        }
        md.AppendLine();
    }

    // "3: -EINVAL, -ENOMEM": how many steps failed, and with what.
    private static string ErrorsCell(ScenarioResult s) =>
        s.ErrorCount == 0 ? "" : $"{s.ErrorCount}: {string.Join(", ", s.Errors.Select(e => $"`{e.Rc}`").Distinct())}";

    // A return code that is not 0 is part of the step's story: which steps, with what.
    private static void AppendErrors(StringBuilder md, RunResult run)
    {
        var failing = run.Scenarios.Where(s => s.ErrorCount > 0).ToList();
        if (failing.Count == 0)
            return;
        md.AppendLine("## Steps that returned an error");
        md.AppendLine();
        foreach (var s in failing.Take(ShownScenarios.Limit))
        {
            var more = s.ErrorCount > s.Errors.Count ? $" and {s.ErrorCount - s.Errors.Count} more" : "";
            md.AppendLine($"- `{s.Name}`: {string.Join("; ", s.Errors.Select(e => $"line {e.Line} `{e.Op}` returned `{e.Rc}`"))}{more}.");
        }
        if (failing.Count > ShownScenarios.Limit)
            md.AppendLine($"- and {failing.Count - ShownScenarios.Limit} more scenarios: summary.json has each one's errors.");
        md.AppendLine();
    }

    // Whatever is left long (a failure's details over thousands of CPUs, a long stderr) is cut at
    // the last whole line that fits, an open code block closed, and the cut said.
    private static string WithinBudget(string md)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(md) <= Budget)
            return md;
        const string Cut = "\n*summary.md stops here: a step summary may not be longer. report.html and summary.json have the rest.*\n";
        var kept = new StringBuilder();
        int bytes = 0, fences = 0;
        foreach (var line in md.Split('\n'))
        {
            int size = System.Text.Encoding.UTF8.GetByteCount(line) + 1;
            if (bytes + size > Budget - 1000)
                break;
            kept.Append(line).Append('\n');
            bytes += size;
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                fences++;
        }
        if (fences % 2 == 1)
            kept.Append("```\n");
        return kept.Append(Cut).ToString();
    }

    private static string FixesText(RunSubject subject) =>
        subject.Fixes.Count == 0 ? "" : " with " + string.Join(", ", subject.Fixes.Select(f => $"`{f}`"));

    // Markdown table and emphasis characters in free text would break the layout; inside a code
    // span (between backticks) they are literal already, and a backslash would show.
    internal static string Escape(string s)
    {
        var parts = s.Split('`');
        for (int i = 0; i < parts.Length; i += 2)
            parts[i] = parts[i].Replace("|", "\\|").Replace("*", "\\*").Replace("_", "\\_");
        return string.Join('`', parts);
    }

    // A section of facts about the run beside the verdict: a title, one sentence, then its lines.
    private static void Section(StringBuilder md, string title, string sentence, IEnumerable<string> lines)
    {
        md.AppendLine($"## {title}");
        md.AppendLine();
        md.AppendLine(sentence);
        md.AppendLine();
        foreach (var line in lines)
            md.AppendLine(line);
        md.AppendLine();
    }

    // The sandbox stops what the patch's code tries outside its scratch; what it printed on the
    // way (a refused write, a missing file) is how a reviewer learns that it tried.
    private static void AppendReferenceStderr(StringBuilder md, RunResult run)
    {
        if (run.ReferenceStderr.Count > 0)
            Section(md, "What the reference wrote to stderr",
                "The patch's code runs sandboxed (no network, no writes outside its scratch folder); it printed:",
                ["```", .. run.ReferenceStderr.Select(l => l.Replace("```", "` ` `")), "```"]);
    }

    private static void AppendBuildWarnings(StringBuilder md, RunResult run)
    {
        if (run.Subject.BuildWarnings is { Count: > 0 } warnings)
            Section(md, "Compiler warnings", "Not errors in a kernel build at W=0, so the reference was built; worth a look:",
                warnings.Select(w => $"- `{w.Replace("`", "'")}`"));
    }

    // Functions of the revision the model family does not render: the run holds the rest,
    // and these are exercised by the C side alone, unchecked.
    private static void AppendNotModelled(StringBuilder md, RunResult run)
    {
        if (run.Subject.NotModelled is { Count: > 0 } names)
            Section(md, "Not modelled",
                $"{names.Count} function(s) of the revision no model renders (family `{run.Subject.ModelFamily}`); " +
                "what they do is run by the C side but held against nothing:",
                [string.Join(", ", names.Select(n => $"`{n}`"))]);
    }
}
