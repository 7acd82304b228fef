namespace Conformance.Lockstep.Isolation;

/// <summary>
/// What the supervisor knows of a scenario without running it: enough to write a failed
/// result naming the step where a worker died, with the steps that led there.
/// </summary>
public sealed record ScenarioOutline(string Name, string File, int Line, IReadOnlyList<StepOutline> Steps);

public sealed record StepOutline(int Line, string Op, string Args);
