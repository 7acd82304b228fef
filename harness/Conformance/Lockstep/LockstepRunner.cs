using System.Diagnostics;
using System.Runtime.InteropServices;
using Conformance.Lockstep.Isolation;
using Conformance.Observation;
using Conformance.Results;
using Conformance.Vectors;

namespace Conformance.Lockstep;

/// <summary>
/// Runs scenarios on two sides in lockstep: both reset, every step applied to both, both
/// snapshotted, every observable compared, the invariants checked on each side, the vector's
/// expectations checked. The per-step path allocates nothing while the sides agree, the
/// invariants hold and nothing is recorded.
/// </summary>
public sealed class LockstepRunner
{
    private readonly IMpamSide _reference;
    private readonly IMpamSide _model;
    private readonly LockstepOptions _options;
    private readonly ProgressBoard? _board;
    private readonly StateSnapshot _referenceState;
    private readonly StateSnapshot _modelState;
    private readonly ExpectationChecker _expectations = new();
    private readonly Invariants _invariants;
    private readonly MountCycle _referenceCycle, _modelCycle;
    private readonly ClassCoverage _coverage = new();
    private readonly List<RawFinding> _referenceRaw = [];
    private readonly List<RawFinding> _modelRaw = [];
    private readonly StepFindings _referenceSteps = new(), _modelSteps = new();
    private readonly LeakMemo _leaks = new();
    private HashSet<(FindingSide, string)> _active = [];
    private HashSet<(FindingSide, string)> _stillActive = [];

    public LockstepRunner(IMpamSide reference, IMpamSide model, LockstepOptions options, ProgressBoard? board = null)
    {
        if (!reference.Profile.SameAs(model.Profile))
            throw new ArgumentException(
                $"the reference's resources ({string.Join(",", reference.Profile.Names)}) are not the model's ({string.Join(",", model.Profile.Names)})");
        _reference = reference;
        _model = model;
        _options = options;
        _board = board;
        _referenceState = new StateSnapshot(reference.Profile);
        _modelState = new StateSnapshot(model.Profile);
        _invariants = new Invariants(reference.Profile);
        _referenceCycle = new MountCycle(reference.Profile);
        _modelCycle = new MountCycle(reference.Profile);
    }

    /// <param name="stepLimit">Run only the scenario's first so many steps (the last of them observed as a scenario's last is).</param>
    public ScenarioResult Run(Scenario scenario, int index, StepLogWriter? log = null, int? stepLimit = null)
    {
        int stepCount = Math.Min(scenario.Steps.Count, stepLimit ?? int.MaxValue);
        var clock = Stopwatch.StartNew();
        _board?.BeginScenario(index);
        _reference.Reset();
        _model.Reset();
        _referenceCycle.Reset();
        _modelCycle.Reset();
        _facts.Clear();
        _growth.Clear();
        _lastEvent = (FindingSide.Both, null, -1);
        _coverage.Reset(0);
        _active.Clear();
        _leaks.Forget();
        var findings = new List<Finding>();
        var failures = new List<Failure>();
        var errors = new List<StepError>();
        int errorCount = 0;
        int failingSteps = 0;
        var steps = _options.RecordSteps ? new List<StepRecord>(log is null ? Math.Min(stepCount, 2 * StepRecord.TimelineSteps) : 0) : null;
        int recorded = 0;
        int run = 0;
        bool agreedAtLastFill = false;                              // the first step of a scenario is compared whole

        for (int i = 0; i < stepCount; i++)
        {
            var step = scenario.Steps[i];
            _board?.BeginStep(i);
            _coverage.Observe(step);
            if (step.Op == StepOp.Mount)
            {
                _referenceCycle.BeforeMount(_referenceState);
                _modelCycle.BeforeMount(_modelState);
            }
            StepDispatch.Apply(_reference, step);
            StepDispatch.Apply(_model, step);
            // The last step of a scenario is observed whole: anything a side kept that it should not have shows there.
            // What leaked, too: every live allocation is walked.
            if (_options.ObserveWhole || i == stepCount - 1)
            {
                _referenceState.Forget();
                _modelState.Forget();
                _leaks.Forget();
                agreedAtLastFill = false;
            }
            _reference.Fill(_referenceState);
            _model.Fill(_modelState);
            run = i + 1;
            if (!_options.Compare)
                continue;                                           // the bench's measure of the two sides observed in one loop

            bool agree = _referenceState.SameAs(_modelState, agreedAtLastFill);
            agreedAtLastFill = agree;
            // Expectations are held against the reference: the patch's own code is what they describe.
            var mismatches = _options.CheckExpectations ? _expectations.Check(step, _referenceState) : [];
            // With --keep-going a scenario may fail at every one of millions of steps: the first
            // failures are kept whole (and recorded whatever the record limit), the rest counted.
            bool failing = !agree || mismatches.Count > 0;
            bool keepFailure = failing && failingSteps++ < Failure.Kept;
            if (steps is not null && ShouldRecord(scenario, in step, stepCount, i, recorded, failing, keepFailure))
            {
                recorded++;
                // Made as UTF-8 and written as it is; strings only for the records kept in memory.
                var reference = SideStateText.Row(_referenceState, _referenceText);
                var model = agree ? default : SideStateText.Row(_modelState, _modelText);
                bool differs = !agree && !model.SameText(reference);
                string op = StepOps.NameOf(step.Op), args = step.OwnArgsText;
                // With a step log the reports read the steps from it: a result carries none (a run of
                // thousands of scenarios sent and held every one's timeline, and drew a few hundred).
                if (_options.WriteRows && log is not null)
                    log.Write(i, step.Line, op, args, reference, model, differs);
                else if (_options.WriteRows)
                {
                    var referenceText = reference.ToState();
                    steps.Add(new StepRecord(i, step.Line, op, args, referenceText, differs ? model.ToState() : referenceText));
                }
            }
            CollectFindings(i, step, agree, findings);
            if (_referenceState.Step.RcKind == RcKind.Status && _referenceState.Step.Rc != 0 && errorCount++ < StepError.Kept)
                errors.Add(new StepError(i, step.Line, DescribeOp(step), RcText.Format(_referenceState.Step.Rc, RcKind.Status)));

            if (!agree && keepFailure)
                failures.Add(Divergence(scenario, i));
            if (mismatches.Count > 0 && agree && keepFailure)
                failures.Add(ExpectationFailure(scenario, i, mismatches));
            if (failures.Count > 0 && !_options.KeepGoing)
                break;
        }

        AddUpGrowth(findings);
        var outcome = failures.Count == 0 ? ScenarioOutcome.Conforms
            : failures[0].Kind == "divergence" ? ScenarioOutcome.Diverged
            : ScenarioOutcome.ExpectationFailed;
        return new ScenarioResult(scenario.Name, scenario.File, scenario.Line, outcome, run, scenario.Steps.Count,
            failures.FirstOrDefault(), failures.Skip(1).ToList(), findings, (IReadOnlyList<StepRecord>?)steps ?? [], clock.Elapsed)
        {
            Errors = errors,
            ErrorCount = errorCount,
            StepsRecorded = recorded,
            FailingSteps = failingSteps,
        };
    }

    /// <summary>Rows of <c>cpus=LIST</c> longer than this record only their last step (and any step that differs).</summary>
    public const int LongRow = 64;

    private int _rowLength;

    // Each side's scratch for a recorded step's columns.
    private readonly SideText _referenceText = new();
    private readonly SideText _modelText = new();

    // Every step is compared; recording every step as text is for people, and a row that onlines
    // 4096 CPUs one by one would write megabytes of nearly equal states. Inside such a row only
    // the last step is kept, and any step that fails (differs, or misses an expectation): it is
    // what a reader looks for. The row is measured once, at its first step. Past the scenario's
    // record limit (ten million steps would be gigabytes nobody reads) only the steps whose
    // failures are kept whole, and the scenario's last step: a review, which records every step
    // inside rows too, included.
    private bool ShouldRecord(Scenario scenario, in Step step, int stepCount, int i, int recorded, bool failing, bool failureKept)
    {
        if (step.FirstOfRow)
            _rowLength = scenario.Steps.RowLengthAt(i);
        if (i == stepCount - 1)
            return true;
        if (recorded >= _options.RecordLimit)
            return failureKept;
        return _options.RecordEveryStep || failing || step.LastOfRow || _rowLength <= LongRow;
    }

    // A finding is reported when it first appears on a side, once, saying whether both sides show it.
    // When the snapshots agree, what the invariants and the step's WARNs and rule reports find
    // on one side they find on the other: they are checked once, on the reference.
    private void CollectFindings(int i, Step step, bool agree, List<Finding> into)
    {
        _referenceRaw.Clear();
        _modelRaw.Clear();
        if (_options.CheckInvariants)
            _invariants.Check(_referenceState, _coverage, _referenceRaw);
        _referenceSteps.Collect(_referenceState, _referenceRaw);
        if (!agree)
        {
            if (_options.CheckInvariants)
                _invariants.Check(_modelState, _coverage, _modelRaw);
            _modelSteps.Collect(_modelState, _modelRaw);
        }
        LeakFacts.Collect(_reference, _referenceState, _model, _modelState, _reference.Profile, _referenceRaw, _modelRaw, _leaks);
        if (step.Op == StepOp.Unmount)
        {
            _referenceCycle.AfterUnmount(_referenceState, _referenceRaw);
            _modelCycle.AfterUnmount(_modelState, _modelRaw);
        }
        if (_referenceRaw.Count == 0 && _modelRaw.Count == 0 && _active.Count == 0)
            return;

        // Agreeing, the model's findings are the reference's (not copied) and what it alone adds (its leaks, its mount cycle).
        _stillActive.Clear();
        foreach (ref readonly var f in CollectionsMarshal.AsSpan(_referenceRaw))
            Report(in f, agree || HasKey(_modelRaw, f.Key) ? FindingSide.Both : FindingSide.Reference, i, step, into);
        foreach (ref readonly var f in CollectionsMarshal.AsSpan(_modelRaw))
            if (!HasKey(_referenceRaw, f.Key))
                Report(in f, FindingSide.Model, i, step, into);
        (_active, _stillActive) = (_stillActive, _active);
    }

    private static bool HasKey(List<RawFinding> raw, string key)
    {
        foreach (ref readonly var f in CollectionsMarshal.AsSpan(raw))
            if (f.Key == key)
                return true;
        return false;
    }

    // A finding is one fact per scenario: an event (WARN, rule report) adds its count each time
    // it happens, a state (leak, invariant) is reported when it appears and updated as it grows;
    // the steps at which either grew are kept (the first few) to say how it grows.
    private void Report(in RawFinding f, FindingSide side, int i, Step step, List<Finding> into)
    {
        var key = (side, f.Key);
        if (f.Event)
        {
            // The same event step after step (a walk reported at every callback) is found without hashing its key.
            int seen;
            if (side == _lastEvent.Side && ReferenceEquals(f.Key, _lastEvent.Key) && _lastEvent.Index < into.Count)
                seen = _lastEvent.Index;
            else if (!_facts.TryGetValue(key, out seen))
                seen = -1;
            if (seen < 0)
            {
                Add(in f);
                seen = into.Count - 1;
            }
            else
            {
                var grewAt = Grew(seen, i, step, into[seen].GrewAt);
                if (!ReferenceEquals(grewAt, into[seen].GrewAt) || (f.Detail is not null && f.Detail != into[seen].Detail))
                    into[seen] = into[seen] with { Count = into[seen].Count + f.Count, GrewAt = grewAt, Detail = f.Detail ?? into[seen].Detail };
                else
                    GrowthOf(seen).More += f.Count;                 // only the count grows: added up at the end
            }
            _lastEvent = (side, f.Key, seen);
            return;
        }
        _stillActive.Add(key);
        if (!_active.Contains(key))
            Add(in f);
        else if (_facts.TryGetValue(key, out int index) && (into[index].Count != f.Count || into[index].Detail != f.Detail))
            into[index] = into[index] with
            {
                Count = f.Count,
                Detail = f.Detail,
                GrewAt = f.Count > into[index].Count ? Grew(index, i, step, into[index].GrewAt) : into[index].GrewAt,
            };

        void Add(in RawFinding found)
        {
            _facts[key] = into.Count;
            _growth.Add(new Growth { LastStep = i });
            into.Add(new Finding(i, step.Line, side, found.Kind, found.Text, found.Function, found.Needle, Count: found.Count, GrewAt: [Describe(step)],
                Fact: found.Key, Detail: found.Detail, SourceLine: found.SourceLine));
        }
    }

    private const int GrowthStepsKept = 6;

    // The steps the finding at index grew at, with step i: each step once (one step may grow it
    // twice, a walk of each resource's list), the first few named, the rest only said to be there.
    // The same list when no step is added to it, so a caller knows its record need not change.
    private IReadOnlyList<string>? Grew(int index, int i, Step step, IReadOnlyList<string>? steps)
    {
        ref var growth = ref GrowthOf(index);
        if (growth.LastStep == i)
            return steps;
        growth.LastStep = i;
        if (steps is { Count: >= GrowthStepsKept })
        {
            growth.AtMore = true;
            return steps;
        }
        return steps is null ? [Describe(step)] : [.. steps, Describe(step)];
    }

    // A row of cpus=LIST is one step per CPU: name the CPU; and a status that is not 0 is part of the story.
    private static string DescribeOp(Step step) => step.Args is CpuArgs ? $"{StepOps.NameOf(step.Op)} {step.OwnArgsText}" : step.ToString();

    private string Describe(Step step)
    {
        var what = DescribeOp(step);
        var rc = _referenceState.Step.RcKind == RcKind.Status && _referenceState.Step.Rc != 0
            ? $" ({RcText.Format(_referenceState.Step.Rc, RcKind.Status)})" : "";
        return $"line {step.Line}: {what}{rc}";
    }

    // Where in the scenario's findings each fact was put, by side and key.
    private readonly Dictionary<(FindingSide, string), int> _facts = [];

    // The event fact reported last: its side, key (the same string instance when it repeats) and index.
    private (FindingSide Side, string? Key, int Index) _lastEvent = (FindingSide.Both, null, -1);

    // Per finding, by its index (kept beside the findings, so that growing touches no record): the
    // step it last grew at, the occurrences of an event counted after its record last changed, and
    // whether it grew at more steps than its record names.
    private struct Growth
    {
        public int LastStep;
        public int More;
        public bool AtMore;
    }

    private readonly List<Growth> _growth = [];

    private ref Growth GrowthOf(int index) => ref CollectionsMarshal.AsSpan(_growth)[index];

    private void AddUpGrowth(List<Finding> findings)
    {
        for (int index = 0; index < _growth.Count; index++)
            if (_growth[index] is { More: not 0 } or { AtMore: true })
                findings[index] = findings[index] with { Count = findings[index].Count + _growth[index].More, GrewAtMore = _growth[index].AtMore };
        _growth.Clear();
    }

    private Failure Divergence(Scenario scenario, int i)
    {
        var differences = _referenceState.Diff(_modelState);
        var step = scenario.Steps[i];
        var details = new List<string> { "differences (reference vs model):" };
        details.AddRange(differences.Select(d => $"  {d.Observable}: {d.Left} vs {d.Right}"));
        details.AddRange(SideStateText.Describe("reference", _referenceState));
        details.AddRange(SideStateText.Describe("model", _modelState));
        details.AddRange(LeadingSteps(scenario, i));
        var first = differences.Count > 0 ? differences[0].ToString() : "the snapshots differ";
        var more = differences.Count > 1 ? $" (and {differences.Count - 1} more)" : "";
        return new Failure(i, step.Line, "divergence",
            $"reference and model disagree after `{step}`: {first}{more}", details);
    }

    private Failure ExpectationFailure(Scenario scenario, int i, IReadOnlyList<string> mismatches)
    {
        var step = scenario.Steps[i];
        var details = new List<string>(mismatches);
        details.AddRange(SideStateText.Describe("both sides", _referenceState));
        details.AddRange(LeadingSteps(scenario, i));
        return new Failure(i, step.Line, "expectation",
            $"the vector's expectation does not hold after `{step}`: {mismatches[0]}", details);
    }

    private IEnumerable<string> LeadingSteps(Scenario scenario, int i)
    {
        int from = Math.Max(0, i - _options.StepsLeadingToFailure + 1);
        yield return from == 0 ? "steps that led there:" : $"steps that led there (the last {i - from + 1}):";
        for (int k = from; k <= i; k++)
            yield return $"  step {k} (line {scenario.Steps[k].Line}): {scenario.Steps[k]}";
    }
}
