namespace Conformance.Lockstep;

/// <param name="KeepGoing">Run a scenario to its end after its first failure, collecting the rest.</param>
/// <param name="RecordSteps">Keep both sides' state of every step as text (for steps.csv and the timelines).
/// Off for benchmarks: recording formats text every step, which the hot path otherwise never does.</param>
/// <param name="StepsLeadingToFailure">How many steps before a failure its details list.</param>
/// <param name="CheckExpectations">Hold the vector's golden expectations against the reference. They describe
/// the base patch: a run of a fix against its model variant turns them off, and is lockstep only.</param>
/// <param name="RecordEveryStep">Record every step even inside long <c>cpus=LIST</c> rows: a review compares
/// two runs step by step and must see each step of both.</param>
public sealed record LockstepOptions(bool KeepGoing = false, bool RecordSteps = true, int StepsLeadingToFailure = 10, bool CheckExpectations = true,
    bool RecordEveryStep = false);
