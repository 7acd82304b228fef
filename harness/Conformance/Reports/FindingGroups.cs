using Conformance.Results;

namespace Conformance.Reports;

/// <summary>
/// Findings grouped by fact (kind, site, resource: <see cref="Finding.Fact"/>), each with every
/// place that shows it: a reviewer reads one sentence per fact, not one per scenario or count.
/// </summary>
public static class FindingGroups
{
    public sealed record Group(string Kind, string Text, IReadOnlyList<(ScenarioResult Scenario, Finding Finding)> ShownBy)
    {
        /// <summary>The source line the fact comes from, if known: " (at mpam_resctrl.c:1380)" with the code style given.</summary>
        public string At(Func<string, string> code) =>
            ShownBy.Select(x => x.Finding.Where).FirstOrDefault(w => w is not null) is { } where ? $" (at {code(where)})" : "";
    }

    public static IReadOnlyList<Group> Of(RunResult run) =>
        run.Scenarios
            .SelectMany(s => s.Findings.Select(f => (Scenario: s, Finding: f)))
            .GroupBy(x => (x.Finding.Kind, x.Finding.Identity))
            .Select(g => new Group(g.Key.Kind, g.First().Finding.Text, g.ToList()))
            .ToList();

    /// <summary>"`scenario` (`file:line`, 3 times)" for the first few places, and how many more.</summary>
    public static string Places(Group group, Func<string, string> code, int shown = 5)
    {
        var places = string.Join(", ", group.ShownBy.Take(shown).Select(x =>
            $"{code(x.Scenario.Name)} ({code($"{x.Scenario.File}:{x.Finding.Line}")}{Times(x.Finding)}{(x.Finding.Detail is { } d ? $", {d}" : "")})"));
        return group.ShownBy.Count > shown ? $"{places} and {group.ShownBy.Count - shown} more" : places;
    }

    private static string Times(Finding f) => f.Count == 1 ? "" : $", {f.Count} by the end";

    /// <summary>The shortest scenario prefix that shows the fact: cut after the step where it first shows.</summary>
    public static MinimalVector? Reproducer(Group group) =>
        group.ShownBy.Select(x => new MinimalVector(x.Scenario.Name, x.Scenario.File, x.Finding.Line, x.Finding.Step + 1))
            .Aggregate((MinimalVector?)null, MinimalVector.Shorter);

    /// <summary>How the fact grew in its first scenario that shows it growing: the steps, "line 19: online cpu=6".</summary>
    public static string? Growth(Group group) =>
        group.ShownBy.Select(x => x.Finding).FirstOrDefault(f => f.GrewAt is { Count: > 1 }) is { GrewAt: { } steps } finding
            ? $"It grows at {string.Join("; ", steps)}{(finding.GrewAtMore ? " and on" : "")}."
            : null;
}
