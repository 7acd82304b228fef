using Conformance.Results;

namespace Conformance.Reports;

/// <summary>
/// The scenarios a report for people details: the run's first <see cref="Limit"/> and its first
/// <see cref="Limit"/> that failed, in run order; the others are counted by outcome. A run of
/// thousands of scenarios would otherwise make a page no browser opens and a step summary CI refuses.
/// </summary>
/// <param name="Shown">The shown scenarios with their index in the run.</param>
public sealed record ShownScenarios(IReadOnlyList<(int Index, ScenarioResult Scenario)> Shown, IReadOnlyList<ScenarioResult> Counted)
{
    public const int Limit = 200;

    public static ShownScenarios Of(IReadOnlyList<ScenarioResult> scenarios)
    {
        var (shown, counted) = (new List<(int, ScenarioResult)>(), new List<ScenarioResult>());
        int failedSeen = 0;
        for (int i = 0; i < scenarios.Count; i++)
        {
            bool failed = scenarios[i].Outcome != ScenarioOutcome.Conforms;
            if (i < Limit || (failed && failedSeen < Limit))
                shown.Add((i, scenarios[i]));
            else
                counted.Add(scenarios[i]);
            if (failed)
                failedSeen++;
        }
        return new(shown, counted);
    }

    /// <summary>"667 more scenarios (533 Conforms, 134 Diverged)", or null when every scenario is shown.</summary>
    public string? CountedText() => Counted.Count == 0 ? null
        : $"{Counted.Count} more scenarios ({string.Join(", ", Counted.GroupBy(s => s.Outcome).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"))})";

    /// <summary>Where the counted ones are, after <see cref="CountedText"/>.</summary>
    public static string Where =>
        $"the run's first {Limit} scenarios and its first {Limit} that failed are shown; summary.json has every scenario's results, steps.csv its steps";
}
