using System.Text.Json.Serialization;

namespace Conformance.Results;

public enum ScenarioOutcome
{
    /// <summary>Both sides agreed on every observable of every step and every expectation held.</summary>
    Conforms,
    /// <summary>The reference and the model disagreed on an observable.</summary>
    Diverged,
    /// <summary>Both sides agreed but an expectation written in the vector did not hold.</summary>
    ExpectationFailed,
    /// <summary>The native reference died (signal, abort) during a step.</summary>
    Crashed,
    /// <summary>The native reference stopped making progress during a step.</summary>
    TimedOut,
}

/// <summary>One scenario of one vector file, as run in lockstep.</summary>
public sealed record ScenarioResult(
    string Name,
    string File,
    int Line,
    ScenarioOutcome Outcome,
    int StepsRun,
    int StepsTotal,
    Failure? FirstFailure,
    IReadOnlyList<Failure> LaterFailures,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<StepRecord> Steps,
    TimeSpan Duration)
{
    public string Id => $"{File}:{Name}";

    /// <summary>The reference died in it (a crash or a hang): the worker was lost, not the comparison.</summary>
    [JsonIgnore]
    public bool Died => Outcome is ScenarioOutcome.Crashed or ScenarioOutcome.TimedOut;

    /// <summary>The steps whose operation returned an error (the first <see cref="StepError.Kept"/>): part of the scenario's story wherever it is told.</summary>
    public IReadOnlyList<StepError> Errors { get; init; } = [];

    /// <summary>How many steps returned an error, the ones not kept included.</summary>
    public int ErrorCount { get; init; }

    /// <summary>
    /// How many of its steps failed (differed or missed an expectation): the first failure and the
    /// later ones kept (<see cref="Failure.Kept"/> in all) and those only counted.
    /// </summary>
    public int FailingSteps { get; init; }

    /// <summary>
    /// How many of its steps the scenario recorded (steps.csv's rows for it): fewer than it ran inside
    /// rows of many CPUs and past the record limit. Null for a scenario whose worker died in it.
    /// </summary>
    public int? StepsRecorded { get; init; }

    /// <summary>Where the run's step log holds this scenario's rows: the supervisor's to know, never saved.</summary>
    [JsonIgnore]
    public StepLogSpan? StepLog { get; init; }
}

/// <summary>A step whose operation returned an error: "line 20: online cpu=6" and "-EINVAL".</summary>
public sealed record StepError(int Step, int Line, string Op, string Rc)
{
    public const int Kept = 32;

    public override string ToString() => $"line {Line}: {Op} -> {Rc}";
}

/// <summary>
/// A divergence, a failed expectation or a crash, at one step. <see cref="Details"/> holds
/// both sides' full state and the steps that led there, one line each.
/// </summary>
public sealed record Failure(
    int Step,
    int Line,
    string Kind,
    string Message,
    IReadOnlyList<string> Details)
{
    /// <summary>Failures a scenario keeps whole, its first included; a run with --keep-going counts the rest.</summary>
    public const int Kept = 32;
}

/// <summary>Which side of the lockstep a finding was seen on.</summary>
public enum FindingSide { Both, Reference, Model }

/// <summary>
/// A fact about the patch: an invariant violated, a leak, a WARN, a lockdep or RCU-rule
/// report. It does not fail the run; it is what a reviewer reads first.
/// </summary>
/// <param name="Function">The function of the patch's file the fact comes from, when one does.</param>
/// <param name="Needle">The check's text in that function (<c>WARN*(cond)</c> matches any WARN macro).</param>
/// <param name="Where">The source line, <c>mpam_resctrl.c:1380</c>, once the parent has read the source.</param>
/// <param name="Quote">That line's text, to quote in a reply.</param>
/// <param name="Count">The fact's size: allocations leaked by the end, or how often a WARN or rule report happened.</param>
/// <param name="GrewAt">The steps at which it grew, as "line N: op args", each once (the first few).</param>
/// <param name="Fact">What makes it this finding and no other (kind, site, resource): reports group by it, a review compares by it.</param>
/// <param name="Detail">What this scenario's instance adds to the sentence: the CPUs, the domain.</param>
/// <param name="SourceLine">The 1-based line of the patch's file when the side reported it, 0 when only <paramref name="Needle"/> can place it.</param>
/// <param name="GrewAtMore">It grew at more steps than <paramref name="GrewAt"/> names.</param>
public sealed record Finding(
    int Step,
    int Line,
    FindingSide Side,
    string Kind,
    string Text,
    string? Function = null,
    string? Needle = null,
    string? Where = null,
    string? Quote = null,
    int Count = 1,
    IReadOnlyList<string>? GrewAt = null,
    string Fact = "",
    string? Detail = null,
    int SourceLine = 0,
    bool GrewAtMore = false)
{
    /// <summary>What the finding is, for grouping and comparing: its fact, or its sentence when a side gave no fact key.</summary>
    public string Identity => Fact.Length > 0 ? Fact : Text;
}
