namespace Conformance.Results;

/// <summary>Everything one `conformance run` found: the input every report is written from.</summary>
public sealed record RunResult(
    string RunId,
    DateTimeOffset Started,
    TimeSpan Duration,
    RunSubject Subject,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<string>? ReferenceOutput = null,
    string? StepLogDirectory = null,
    RunShard? Shard = null)
{
    /// <summary>Every recorded step of scenario <paramref name="index"/>: from the step log when the run kept one, else from memory.</summary>
    public IEnumerable<StepRecord> StepsOf(int index) =>
        StepLogOf(index) is { } log ? StepLog.Read(log) : Scenarios[index].Steps;

    /// <summary>Where the step log holds scenario <paramref name="index"/>'s rows, when the run kept one.</summary>
    public StepLogSpan? StepLogOf(int index) =>
        StepLogDirectory is not null && Scenarios[index].StepLog is { } span && File.Exists(span.Path) ? span : null;

    /// <summary>The suite's index of this run's first scenario: 0 unless the run is one shard of a suite.</summary>
    public int FirstScenario => Shard?.FirstScenario ?? 0;

    /// <summary>Removes the step log once the reports that read it are written.</summary>
    public void DiscardStepLog()
    {
        if (StepLogDirectory is { } dir && Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
    }

    /// <summary>What the worker processes (the patch's code among them) wrote to stderr, capped.</summary>
    public IReadOnlyList<string> ReferenceStderr => ReferenceOutput ?? [];

    public int Count(ScenarioOutcome outcome) => Scenarios.Count(s => s.Outcome == outcome);
    public int StepsRun => Scenarios.Sum(s => s.StepsRun);
    public int FindingCount => Scenarios.Sum(s => s.Findings.Count);
    public bool AllConform => Scenarios.All(s => s.Outcome == ScenarioOutcome.Conforms);
}

/// <summary>
/// What was held against what: the patch, the fixes on it, the model variant, and the
/// resource enum as the reference reported it (reports read names from here, never a constant).
/// </summary>
public sealed record RunSubject(
    string Patch,
    IReadOnlyList<string> Fixes,
    string ModelVariant,
    string ReferenceLibrary,
    IReadOnlyList<string> Resources,
    bool ExpectationsChecked = true,
    IReadOnlyList<string>? BuildWarnings = null,
    string ModelFamily = "seed",
    IReadOnlyList<string>? NotModelled = null);

/// <summary>
/// A run that is machine <see cref="Index"/> of <see cref="Count"/> in a CI matrix: its scenarios
/// are the suite's <see cref="FirstScenario"/> onwards, of <see cref="SuiteScenarios"/> in all.
/// </summary>
public sealed record RunShard(int Index, int Count, int FirstScenario, int SuiteScenarios);
