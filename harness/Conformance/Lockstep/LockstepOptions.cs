using Conformance.Results;

namespace Conformance.Lockstep;

/// <param name="KeepGoing">Run a scenario to its end after its first failure, collecting the rest.</param>
/// <param name="RecordSteps">Keep both sides' state of every step as text (for steps.csv and the timelines).
/// Off for benchmarks: recording formats text every step, which the hot path otherwise never does.</param>
/// <param name="StepsLeadingToFailure">How many steps before a failure its details list.</param>
/// <param name="CheckExpectations">Hold the vector's golden expectations against the reference. They describe
/// the base patch: a run of a fix against its model variant turns them off, and is lockstep only.</param>
/// <param name="RecordEveryStep">Record every step even inside long <c>cpus=LIST</c> rows, up to the record limit:
/// a review compares two runs step by step and must see each step of both that it compares.</param>
/// <param name="ObserveWhole">Fill, compare and check both sides' whole state at every step, and walk every live allocation for leaks, as if no step had
/// a step before it. Off, a step costs what it changed (the sides keep what did not change, and the comparison
/// and invariants look at what they rewrote), and only a scenario's last step is observed whole. The results
/// are the same either way: a test holds the suites to it.</param>
/// <param name="RecordLimit">Steps recorded per scenario before only the last step and those of the first failures are:
/// a long scenario's steps.csv stays readable, and its recording stops costing once the limit is reached. A review
/// compares the steps both runs recorded, and says how many those were.</param>
/// <param name="CheckInvariants">Check the invariants at every step. Off only in the bench's part that measures
/// what checking them costs (the lockstep with them, less the lockstep without): every run checks them.</param>
/// <param name="Compare">Compare the two sides' snapshots, check the expectations and collect findings at every step. Off only in
/// the bench's part that steps and observes both sides in one loop and nothing more: what that costs beyond the two sides
/// alone is what each costs the other's caches, and what the lockstep adds to it is the comparison's. Every run compares.</param>
/// <param name="WriteRows">Write each recorded step's row (to the step log, or as a record kept in memory). Off only in the bench's
/// part that makes the recorded steps' columns and drops them: what the recording costs beyond that, in the same loop, is
/// writing the rows. Every run writes them.</param>
public sealed record LockstepOptions(bool KeepGoing = false, bool RecordSteps = true, int StepsLeadingToFailure = 10, bool CheckExpectations = true,
    bool RecordEveryStep = false, bool ObserveWhole = false, int RecordLimit = StepRecord.RecordLimit, bool CheckInvariants = true,
    bool Compare = true, bool WriteRows = true);
