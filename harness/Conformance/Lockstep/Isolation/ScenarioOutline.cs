using Conformance.Vectors;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// What the supervisor knows of a scenario without running it: enough to write a failed
/// result naming the step where a worker died, with the steps that led there. The steps are
/// a view of the scenario's own, made when asked for: a long scenario is not copied.
/// </summary>
public sealed record ScenarioOutline(string Name, string File, int Line, IReadOnlyList<StepOutline> Steps)
{
    public static ScenarioOutline Of(Scenario scenario) =>
        new(scenario.Name, scenario.File, scenario.Line, new StepOutlines(scenario.Steps.WithoutExpectations()));

    private sealed class StepOutlines(IReadOnlyList<Step> steps) : IReadOnlyList<StepOutline>
    {
        public int Count => steps.Count;

        public StepOutline this[int index] => StepOutline.Of(steps[index]);

        public IEnumerator<StepOutline> GetEnumerator() => steps.Select(StepOutline.Of).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

public sealed record StepOutline(int Line, string Op, string Args)
{
    public static StepOutline Of(Step step) => new(step.Line, StepOps.NameOf(step.Op), step.ArgsText);
}
