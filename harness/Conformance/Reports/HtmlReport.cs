using System.Net;
using System.Text;
using Conformance.Observation;
using Conformance.Results;

namespace Conformance.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS, no scripts, no external files). Findings
/// first, then per scenario its first failure and a timeline per mapped resource: CPUs down,
/// steps across, each cell the domain the CPU is in on the reference after that step, coloured
/// by domain id; cells where the model disagrees and steps that failed are outlined in red.
/// </summary>
public static class HtmlReport
{
    // A timeline wider or taller than this is cut, and says so: the page must stay readable.
    private const int MaxSteps = StepRecord.TimelineSteps;
    private const int MaxCpus = 128;

    /// <param name="coverage">For a coverage run: the patch's file annotated at the end of the page.</param>
    public static string Render(RunResult run, (Coverage.FileCoverage Coverage, IReadOnlyList<string> Source)? coverage = null)
    {
        var profile = new ResourceProfile(run.Subject.Resources);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append($"<title>Conformance run {E(run.RunId)}</title><style>{Css}{Coverage.CoverageHtml.Css}</style></head><body>");
        html.Append($"<h1>Conformance run <code>{E(run.RunId)}</code></h1>");
        html.Append($"<p>Patch <code>{E(run.Subject.Patch)}</code>");
        foreach (var fix in run.Subject.Fixes)
            html.Append($" + <code>{E(fix)}</code>");
        html.Append($", model family <code>{E(run.Subject.ModelFamily)}</code>, variant <code>{E(run.Subject.ModelVariant)}</code>.");
        if (run.Subject.NotModelled is { Count: > 0 } notModelled)
            html.Append($" Not modelled ({notModelled.Count}): {string.Join(", ", notModelled.Select(n => $"<code>{E(n)}</code>"))}.");
        if (!run.Subject.ExpectationsChecked)
            html.Append(" The vectors' golden expectations were not checked (--ignore-expectations): lockstep only.");
        html.Append("</p>");
        html.Append(run.AllConform
            ? $"<p class=\"verdict ok\">Conforms: {Counted.Of(run.StepsRun, "step")} in {Counted.Of(run.Scenarios.Count, "scenario")} agree.</p>"
            : $"<p class=\"verdict bad\">Does not conform: {run.Scenarios.Count - run.Count(ScenarioOutcome.Conforms)} of {run.Scenarios.Count} scenarios failed.</p>");
        html.Append($"<p class=\"headline\">{E(FindingCategories.Headline(run))}</p>");

        AppendFindings(html, run);
        html.Append("<h2>Scenarios</h2>");
        AppendScenarios(html, run, profile);
        if (coverage is { } c)
            Coverage.CoverageHtml.Append(html, c.Coverage, c.Source);
        html.Append("</body></html>");
        return html.ToString();
    }

    private static void AppendFindings(StringBuilder html, RunResult run)
    {
        html.Append("<h2 id=\"findings\">Findings</h2>");
        if (run.FindingCount == 0)
        {
            html.Append("<p>None.</p>");
            return;
        }
        html.Append("<ul class=\"findings\">");
        foreach (var group in FindingGroups.Of(run))
            html.Append($"<li><b>{E(group.Kind)}</b> {HtmlText.Inline(group.Text)}{group.At(t => $"<code>{E(t)}</code>")} <span class=\"where\">shown by {FindingGroups.Places(group, E)}</span>"
                + $"{HtmlText.Evidence(group.ShownBy[0].Finding.Quote, FindingGroups.Reproducer(group))}</li>");
        html.Append("</ul>");
    }

    // A run of thousands of scenarios draws some whole and counts the others (ShownScenarios);
    // of those, the timelines that fit TimelineBudget, failed scenarios first.
    private static void AppendScenarios(StringBuilder html, RunResult run, ResourceProfile profile)
    {
        var shown = ShownScenarios.Of(run.Scenarios);
        // Each shown scenario's steps are read twice, to measure and to draw, rather than all held
        // at once: a few hundred timelines of 400 steps each.
        var shapes = shown.Shown.Select(s => ShapeOf(Drawable(TimelineOf(run, s.Index)), profile)).ToList();
        var granted = TimelineBudget.Grant(shown.Shown.Select((s, i) => (s.Scenario.Outcome != ScenarioOutcome.Conforms, shapes[i].Cells)).ToList());
        var colours = new SortedSet<int>();
        for (int i = 0; i < shown.Shown.Count; i++)
        {
            var (index, scenario) = shown.Shown[i];
            AppendScenario(html, scenario, shapes[i], granted[i] ? TimelineOf(run, index) : null, profile, colours);
        }
        if (shown.CountedText() is { } counted)
            html.Append($"<p class=\"where\">{counted} are not drawn here: {ShownScenarios.Where}.</p>");
        // One rule per domain id drawn: a cell names its colour by class, not by a style of its own.
        html.Append("<style>");
        foreach (int id in colours)
            html.Append($".timeline td.{DomainClass(id)}{{background:{Colour(id)}}}");
        html.Append("</style>");
    }

    // The scenario's recorded steps as a timeline draws them (StepRecord.Timeline).
    private static IReadOnlyList<StepRecord> TimelineOf(RunResult run, int index) => StepRecord.Timeline(run.StepsOf(index));

    private static List<StepRecord> Drawable(IReadOnlyList<StepRecord> timeline) =>
        timeline.Where(st => !StepRecord.DescribesPlatform(st.Op)).ToList();           // at most MaxSteps (StepRecord.Timeline)

    private static TimelineShape ShapeOf(IReadOnlyList<StepRecord> steps, ResourceProfile profile) => TimelineShape.Of(steps, profile, MaxCpus);

    // timeline: the scenario's recorded steps, or null when its timeline is not drawn (TimelineBudget).
    private static void AppendScenario(StringBuilder html, ScenarioResult s, TimelineShape shape, IReadOnlyList<StepRecord>? timeline,
        ResourceProfile profile, SortedSet<int> colours)
    {
        var open = s.Outcome == ScenarioOutcome.Conforms ? "" : " open";
        html.Append($"<details class=\"scenario\"{open}><summary><span class=\"badge {s.Outcome.ToString().ToLowerInvariant()}\">{s.Outcome}</span> ");
        html.Append($"<b>{E(s.Name)}</b> <span class=\"where\">{E(s.File)}:{s.Line}, {s.StepsRun}/{s.StepsTotal} steps, {s.Findings.Count} findings</span></summary>");
        if (s.FirstFailure is { } f)
        {
            html.Append($"<div class=\"failure\"><p>Line {f.Line}, step {f.Step}: {E(f.Message)}</p><pre>");
            html.Append(E(string.Join('\n', f.Details)));
            html.Append("</pre></div>");
            int kept = 1 + s.LaterFailures.Count;
            if (s.FailingSteps > 1)
                html.Append($"<p>{s.FailingSteps} steps failed in all" + (s.FailingSteps > kept ? $": summary.json has the first {kept} whole, the rest only counted." : "; summary.json has each.") + "</p>");
        }
        if (s.ErrorCount > 0)
            html.Append($"<p>Steps that returned an error: {E(string.Join("; ", s.Errors))}{(s.ErrorCount > s.Errors.Count ? $" and {s.ErrorCount - s.Errors.Count} more" : "")}.</p>");
        if (timeline is null)
            html.Append($"<p class=\"where\">Its timeline ({shape.Cells:N0} cells: {shape.Steps} steps, {shape.Drawn.Count} CPUs, {shape.Rids.Count} resource(s)) is not drawn: " +
                        $"report.html draws at most {TimelineBudget.Cells:N0} cells, failed scenarios first; steps.csv has every step recorded.</p>");
        else if (timeline.Count > 0)
            AppendTimelines(html, s, timeline, shape, profile, colours);
        html.Append("</details>");
    }

    private static void AppendTimelines(StringBuilder html, ScenarioResult s, IReadOnlyList<StepRecord> timeline, TimelineShape shape,
        ResourceProfile profile, SortedSet<int> colours)
    {
        var steps = Drawable(timeline);
        var reference = steps.Select(st => TimelineMembership.Of(st.Reference.Domains, profile)).ToList();
        // Where the sides agree the record holds one text: it is read once.
        var model = steps.Select((st, i) => ReferenceEquals(st.Model.Domains, st.Reference.Domains) ? reference[i] : TimelineMembership.Of(st.Model.Domains, profile)).ToList();
        var failedSteps = new HashSet<int>(new[] { s.FirstFailure }.Concat(s.LaterFailures).OfType<Failure>().Select(f => f.Step));
        var findingSteps = new HashSet<int>(s.Findings.Select(f => f.Step));

        if (shape.Rids.Count == 0)
        {
            html.Append("<p class=\"where\">No resource was mapped in this scenario: nothing to draw.</p>");
            return;
        }
        // Past MaxCpus, every k-th CPU: each domain keeps a row or more, and the page stays readable.
        int platform = timeline.Count(st => StepRecord.DescribesPlatform(st.Op));
        html.Append("<p class=\"where\">");
        if (platform > 0)
            html.Append($"{platform} step(s) describing the platform are not drawn. ");
        if (steps.Count == MaxSteps)
            html.Append($"Cut to the first {MaxSteps} steps after those. ");
        if (s.StepsRecorded is { } recorded && recorded < s.StepsRun)
            html.Append($"The scenario recorded {recorded} of the {s.StepsRun} steps it ran (steps.csv): inside a row of more than " +
                        $"{Lockstep.LockstepRunner.LongRow} CPUs only the row's last and the steps that fail, and past the record limit only the last and those of the first failures. ");
        if (shape.Stride > 1)
            html.Append($"Every {Ordinal(shape.Stride)} of the {shape.CpusEver} CPUs ever in a domain. ");
        html.Append("</p>");
        html.Append("<p class=\"legend\">Each cell: the id of the domain the CPU is in after the step (on the C side), coloured by id; " +
                    "empty: in no domain. <span class=\"diff-key\">Outlined</span>: the model puts it elsewhere. " +
                    "Column heads: the step's index, its operation, and the error it returned if any; " +
                    "<span class=\"failed-key\">red</span> a step that failed, <span class=\"finding-key\">amber</span> a step that raised a finding.</p>");

        foreach (var rid in shape.Rids)
        {
            html.Append($"<h4>{E(profile.NameOf(rid))}: the domain each CPU is in after each step</h4>");
            html.Append("<div class=\"scroll\"><table class=\"timeline\"><tr><th>step</th>");
            for (int i = 0; i < steps.Count; i++)
            {
                var cls = failedSteps.Contains(steps[i].Index) ? " class=\"failed\"" : findingSteps.Contains(steps[i].Index) ? " class=\"finding\"" : "";
                // An error, or a step not run: a query's plain value (alloc_capable's 1) is no part of the story.
                var rc = steps[i].Reference.Rc is var r && (r.StartsWith('-') || r == Observation.RcText.NotRun) ? r : "";
                html.Append($"<th{cls} title=\"line {steps[i].Line}: {E(steps[i].Op)} {E(steps[i].Args)}{(rc.Length > 0 ? $" returned {E(rc)}" : "")}\">{steps[i].Index}"
                    + $"{(rc.Length > 0 ? $"<br><small>{E(rc)}</small>" : "")}</th>");
            }
            html.Append("</tr><tr><th>op</th>");
            foreach (var step in steps)
                html.Append($"<th class=\"op\"><span>{E(Label(step))}</span></th>");
            html.Append("</tr>");
            foreach (var cpu in shape.Drawn)
            {
                html.Append("<tr><th>cpu ").Append(cpu).Append("</th>");
                for (int i = 0; i < steps.Count; i++)
                    AppendCell(html, cpu, reference[i].DomainOf(rid, cpu), model[i].DomainOf(rid, cpu), colours);
                html.Append("</tr>");
            }
            html.Append("</table></div>");
        }
    }

    // Most cells are alike and there are up to TimelineBudget.Cells of them: a cell the sides agree
    // on is its id and the class of its colour; the one the model puts elsewhere says both.
    private static void AppendCell(StringBuilder html, int cpu, int? reference, int? model, SortedSet<int> colours)
    {
        if (reference is { } id)
            colours.Add(id);
        if (reference == model)
        {
            if (reference is { } d)
                html.Append("<td class=\"").Append(DomainClass(d)).Append("\">").Append(d).Append("</td>");
            else
                html.Append("<td></td>");
            return;
        }
        var style = reference is { } r ? $" style=\"background:{Colour(r)}\"" : "";
        html.Append($"<td class=\"diff\"{style} title=\"{E($"cpu {cpu}: reference {Name(reference)}, model {Name(model)}")}\">{(reference is { } v ? v.ToString() : "")}</td>");
    }

    // The class of a domain id's colour: "d3", "d-1".
    private static string DomainClass(int id) => $"d{id}";

    // "online 5", "offline 0-3": the op and its arguments, short enough for a column head.
    private static string Label(StepRecord step)
    {
        var args = step.Args.Replace("cpus=", "").Replace("cpu=", "");
        var label = args.Length == 0 ? step.Op : $"{step.Op} {args}";
        return label.Length <= 24 ? label : label[..23] + "\u2026";
    }

    private static string Ordinal(int n) => n switch
    {
        2 => "second",
        3 => "third",
        _ when n % 100 is 11 or 12 or 13 => $"{n}th",
        _ => $"{n}{(n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" }}",
    };

    private static string Name(int? domain) => domain is { } d ? $"domain {d}" : "no domain";

    // Distinct, light hues for neighbouring ids.
    private static string Colour(int id) => $"hsl({(id * 67 % 360 + 360) % 360},70%,82%)";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css =
        "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}code{font-size:90%}" +
        ".verdict{font-weight:bold;padding:.4em .6em;border-radius:4px}.ok{background:#d9f2d9}.bad{background:#f8d7d7}" +
        ".findings li{margin:.3em 0}.where{color:#666;font-size:90%}" +
        ".scenario{border:1px solid #ccc;border-radius:4px;margin:.5em 0;padding:.3em .6em}" +
        ".badge{display:inline-block;padding:0 .4em;border-radius:3px;font-size:85%;color:#fff;background:#777}" +
        ".badge.conforms{background:#2e7d32}.badge.diverged,.badge.expectationfailed{background:#c62828}" +
        ".badge.crashed,.badge.timedout{background:#6a1b9a}" +
        ".failure{background:#fff3f3;border-left:4px solid #c62828;padding:.2em .6em}.failure pre{white-space:pre-wrap}" +
        ".scroll{overflow-x:auto}.timeline{border-collapse:collapse;font-size:11px}" +
        ".timeline td,.timeline th{border:1px solid #ddd;min-width:1.6em;text-align:center;padding:0 2px}" +
        ".timeline td.diff{outline:2px solid #c62828;outline-offset:-2px}" +
        ".timeline th.failed{background:#c62828;color:#fff}.timeline th.finding{background:#ffb74d}" +
        ".timeline th.op{font-weight:normal;vertical-align:bottom}.timeline th.op span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}" +
        ".legend{font-size:90%;color:#444}.diff-key{outline:2px solid #c62828;padding:0 .2em}.failed-key{background:#c62828;color:#fff;padding:0 .2em}" +
        ".finding-key{background:#ffb74d;padding:0 .2em}";
}
