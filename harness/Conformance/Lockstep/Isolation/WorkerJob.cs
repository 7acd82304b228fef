using System.Text.Json;

namespace Conformance.Lockstep.Isolation;

/// <summary>What a worker process is asked to do: written by the supervisor as a JSON file.</summary>
public sealed record WorkerJob(
    string ReferenceLibrary,
    string ModelVariant,
    IReadOnlyList<string> VectorFiles,
    string VectorRoot,
    int FirstScenario,
    bool KeepGoing,
    bool RecordSteps,
    string ProgressBoardPath,
    bool CheckExpectations = true,
    bool RecordEveryStep = false,
    string? StepLogDirectory = null,
    string ModelFamily = "seed",
    IReadOnlyList<string>? Features = null,
    bool PicksClasses = false,
    int? EndScenario = null)
{
    /// <summary>LockstepOptions.ObserveWhole: every step's state filled, compared and checked whole.</summary>
    public bool ObserveWhole { get; init; }

    /// <summary>
    /// The run's index of the first scenario of the first of <see cref="VectorFiles"/>: a job lists
    /// only the files its scenarios are in, and its worker parses only those scenarios' rows.
    /// </summary>
    public int FilesFirstScenario { get; init; }

    /// <summary>
    /// The job ends after its first scenario that does not conform: what a mutant's run asks, which
    /// needs only whether the suite fails and where first (a mutant that crashes every scenario
    /// cost a new worker and a rerun for each).
    /// </summary>
    public bool StopAtFirstFailure { get; init; }

    /// <summary>LockstepOptions.RecordLimit: steps a scenario records before only its failing and last ones.</summary>
    public int RecordLimit { get; init; } = Results.StepRecord.RecordLimit;

    /// <summary>
    /// The job's first scenario is run only up to this many steps: the steps before the one a
    /// worker died at, run again to learn what they showed (the scenario's later ones run whole).
    /// </summary>
    public int? StepLimit { get; init; }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, WorkerWire.Options));

    public static WorkerJob Load(string path) =>
        JsonSerializer.Deserialize<WorkerJob>(File.ReadAllText(path), WorkerWire.Options)
        ?? throw new InvalidDataException($"{path}: empty worker job");
}
