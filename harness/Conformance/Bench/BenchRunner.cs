using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Results;
using Conformance.Vectors;

namespace Conformance.Bench;

/// <summary>
/// A part of the benchmark: one pass over the workload at a time (the steps it ran). Parts are
/// measured in interleaved rounds (each part for a while, then the next, round after round), so
/// that a disturbance of the machine falls on every part alike.
/// </summary>
public sealed record BenchPart(string Key, string What, Func<long> Pass);

/// <summary>The parts of `conformance bench`: each side alone, the lockstep without and with step recording.</summary>
public static class BenchRunner
{
    public static Scenario Workload(int cpus, int rounds, ResourceProfile profile, bool steady = false) =>
        Parse("bench.csv", BenchScenario.Csv(cpus, rounds, steady, profile.PicksClasses), profile);

    /// <summary>The first scenario of a vector file the user names as the workload.</summary>
    public static Scenario Workload(string file, ResourceProfile profile) =>
        Parse(file, File.ReadAllText(file), profile);

    private static Scenario Parse(string file, string text, ResourceProfile profile)
    {
        var errors = new List<VectorFormatException>();
        var scenarios = VectorFileParser.Parse(file, text, profile, errors);
        if (errors.Count > 0)
            throw new VectorLoadException(errors);
        return scenarios.FirstOrDefault() ?? throw new VectorLoadException([new VectorFormatException(file, 1, 1, "at least one scenario")]);
    }

    /// <summary>One side stepping and filling its snapshot, nothing compared.</summary>
    public static BenchPart Side(string key, string what, IMpamSide side, Scenario scenario)
    {
        var snapshot = new StateSnapshot(side.Profile);
        return new(key, what, () =>
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

    /// <summary>
    /// The model's steps with nothing observed (<see cref="ModelSide.EndStepUnobserved"/>): with
    /// the pure-C replay, what a lockstep step cannot cost less than, whatever its observation,
    /// comparison and checks are made to cost.
    /// </summary>
    public static BenchPart ModelSteps(string key, string what, ModelSide model, Scenario scenario) =>
        new(key, what, () =>
        {
            model.Reset();
            foreach (var step in scenario.Steps)
            {
                StepDispatch.Apply(model, step);
                model.EndStepUnobserved();
            }
            return scenario.Steps.Count;
        });

    /// <summary>
    /// The lockstep hot path; with <paramref name="stepLog"/>, recording steps as `run` does (each
    /// recorded step formatted and written to the step log on disk); without
    /// <paramref name="invariants"/>, not checking the invariants (what they cost is the difference);
    /// without <paramref name="compare"/>, only stepping and observing both sides (what comparing costs is the difference);
    /// without <paramref name="writeRows"/>, making each recorded step's columns and dropping them (what writing the rows
    /// costs in the loop is the recording less that).
    /// </summary>
    public static BenchPart Lockstep(string key, string what, IMpamSide reference, IMpamSide model, Scenario scenario, string? stepLog = null,
        bool invariants = true, bool compare = true, bool writeRows = true)
    {
        var runner = new LockstepRunner(reference, model,
            new LockstepOptions(RecordSteps: stepLog is not null, CheckInvariants: invariants, Compare: compare, WriteRows: writeRows));
        return new(key, what, () =>
        {
            using var log = stepLog is null ? null : new StepLogWriter(StepLog.PathOf(stepLog, 0));
            log?.Begin(scenario.File, scenario.Name);
            var result = Conforming(runner.Run(scenario, 0, log));
            log?.End();
            return result.StepsRun;
        });
    }

    /// <summary>
    /// The rows the recording part writes for a pass, made once beforehand and then only written,
    /// as the recording writes them, to <paramref name="stepLog"/>: what recording costs when its
    /// columns cost nothing to make (with the lockstep, the least lockstep recording can cost).
    /// A pass counts the workload's steps, as the lockstep's do, whatever rows it writes.
    /// </summary>
    public static BenchPart RecordedRows(string key, string what, IMpamSide reference, IMpamSide model, Scenario scenario, string stepLog)
    {
        var recorded = Conforming(new LockstepRunner(reference, model, new LockstepOptions()).Run(scenario, 0));
        var rows = recorded.Steps.Select(step => (Step: step, Reference: new SideColumns().Set(step.Reference),
            Model: step.Differs ? new SideColumns().Set(step.Model) : null)).ToList();
        return new(key, what, () =>
        {
            using var log = new StepLogWriter(StepLog.PathOf(stepLog, 0));
            log.Begin(scenario.File, scenario.Name);
            foreach (var (step, referenceColumns, modelColumns) in rows)
                log.Write(step.Index, step.Line, step.Op, step.Args, referenceColumns.Row, modelColumns is null ? default : modelColumns.Row, modelColumns is not null);
            log.End();
            return scenario.Steps.Count;
        });
    }

    // A workload the sides disagree on measures nothing.
    private static ScenarioResult Conforming(ScenarioResult result) =>
        result.FirstFailure is { } f ? throw new BenchException($"the workload does not conform, so it measures nothing: {f.Message}") : result;
}

/// <summary>The benchmark cannot measure what it was given (a workload that diverges): exit 2 with the reason.</summary>
public sealed class BenchException(string message) : Exception(message);
