using Conformance.Results;

namespace Conformance.Review;

/// <summary>Kinds of behaviour a review groups its differences by, in the order a reviewer reads them.</summary>
public enum DeltaKind
{
    ReturnCodes,
    DomainLists,
    Events,
    Allocations,
    Warns,
    RuleReports,
    GracePeriods,
    HotplugState,
    Crashes,
}

/// <summary>One observable that differs at one step: base against variant.</summary>
public sealed record ObservableDelta(DeltaKind Kind, string Observable, string Base, string Variant);

/// <summary>A step where the variant's C code does something the base's does not.</summary>
public sealed record StepDelta(string Scenario, string File, int Step, int Line, string Op, string Args, IReadOnlyList<ObservableDelta> Changes)
{
    /// <summary>One run died in the scenario and the other did not: a delta of the scenario, not of a compared step.</summary>
    public bool IsCrash => Changes is [{ Kind: DeltaKind.Crashes }];
}

/// <summary>What one variant (a fix, or all fixes together) changes against the base.</summary>
/// <param name="Steps">The steps the scenarios ran (the longer of the two runs, per scenario).</param>
/// <param name="Compared">The steps both runs recorded, compared observable by observable: all of them unless a
/// scenario ran past the record limit, after which each run records only its last step and its first failures'.</param>
public sealed record VariantReview(
    string Name,
    IReadOnlyList<string> Fixes,
    int Scenarios,
    int Steps,
    int Compared,
    IReadOnlyList<StepDelta> Deltas,
    RunResult BaseRun,
    RunResult VariantRun)
{
    /// <summary>Compared steps where nothing differs (a crash is a delta of no compared step).</summary>
    public int IdenticalSteps => Compared - Deltas.Count(d => !d.IsCrash);

    public bool ChangesBehaviour => Deltas.Count > 0;

    /// <summary>Whether every step the scenarios ran was compared.</summary>
    public bool ComparedAll => Compared >= Steps;

    public string Verdict => ChangesBehaviour
        ? $"changes behaviour in {Deltas.Count} of {StepsText} ({string.Join(", ", CountsByKind().Select(k => $"{Describe(k.Kind)}: {k.Steps}"))})"
        : $"no observable change on {Scenarios} scenarios / {StepsText}";

    private string StepsText => ComparedAll ? $"{Steps} steps" : $"{Compared} steps compared, of {Steps} run";

    /// <summary>For each kind of change, in how many steps it occurs.</summary>
    public IEnumerable<(DeltaKind Kind, int Steps)> CountsByKind() =>
        Enum.GetValues<DeltaKind>()
            .Select(kind => (kind, Deltas.Count(d => d.Changes.Any(c => c.Kind == kind))))
            .Where(k => k.Item2 > 0);

    public static string Describe(DeltaKind kind) => kind switch
    {
        DeltaKind.ReturnCodes => "return codes",
        DeltaKind.DomainLists => "domain lists",
        DeltaKind.Events => "filesystem-side events",
        DeltaKind.Allocations => "allocations and leaks",
        DeltaKind.Warns => "WARNs",
        DeltaKind.RuleReports => "lockdep/RCU rule reports",
        DeltaKind.GracePeriods => "synchronize_rcu() calls",
        DeltaKind.HotplugState => "hotplug state",
        DeltaKind.Crashes => "crashes",
        _ => kind.ToString(),
    };
}
