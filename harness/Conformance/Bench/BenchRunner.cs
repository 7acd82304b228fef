using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Vectors;

namespace Conformance.Bench;

/// <summary>The measurements of `conformance bench`: each side alone, then in lockstep, over one workload.</summary>
public static class BenchRunner
{
    public static Scenario Workload(int cpus, int rounds, ResourceProfile profile)
    {
        var errors = new List<VectorFormatException>();
        var scenario = VectorFileParser.Parse("bench.csv", BenchScenario.Csv(cpus, rounds), profile, errors).Single();
        if (errors.Count > 0)
            throw new InvalidOperationException($"the benchmark's own workload does not parse: {errors[0].Message}");
        return scenario;
    }

    /// <summary>One side stepping and filling its snapshot, nothing compared.</summary>
    public static BenchResult Side(string what, IMpamSide side, Scenario scenario, TimeSpan atLeast)
    {
        var snapshot = new StateSnapshot(side.Profile);
        return Measure.Repeat(what, atLeast, () =>
        {
            side.Reset();
            foreach (var step in scenario.Steps)
            {
                StepDispatch.Apply(side, step);
                side.Fill(snapshot);
            }
            return scenario.Steps.Count;
        });
    }

    /// <summary>The lockstep hot path as a run has it, without recording steps as text.</summary>
    public static BenchResult Lockstep(string what, IMpamSide reference, IMpamSide model, Scenario scenario, TimeSpan atLeast)
    {
        var runner = new LockstepRunner(reference, model, new LockstepOptions(RecordSteps: false));
        return Measure.Repeat(what, atLeast, () =>
        {
            var result = runner.Run(scenario, 0);
            if (result.FirstFailure is { } f)
                throw new InvalidOperationException($"the benchmark workload does not conform, so it measures nothing: {f.Message}");
            return result.StepsRun;
        });
    }

    public static MpamModel Model(ResourceProfile profile) => new(profile);
}
