namespace Conformance.Bench;

/// <summary>A share of a step's time, in nanoseconds: the median of its round-by-round values.</summary>
public sealed record BenchShare(string What, double Nanoseconds);

/// <summary>
/// Where a lockstep step's time goes, found by subtracting parts that ran in the same round: the
/// C side in C (the pure-C replay), what its observation through P/Invoke adds, the model's step,
/// what its snapshot adds, what stepping and observing both in one loop adds to the two sides
/// alone (what each costs the other's caches), what comparison and findings add to that (the
/// lockstep without the invariants), what checking the invariants adds; then the lockstep step, what recording adds to it, and how that
/// parts in the same loop into making the recorded columns (the lockstep that makes them and writes nothing, less the lockstep) and
/// writing the rows (the recording less that); and the rows written alone, out of the loop, made beforehand. In the loop, writing
/// costs more than alone: the lockstep's code and data and the writer's evict each other. Each is
/// the median of its rounds' values, so the shares need not add up to the whole. Only the
/// shares whose parts were all measured are given.
/// </summary>
public static class BenchStepTime
{
    public static IReadOnlyList<BenchShare> Of(IReadOnlyList<BenchResult> results)
    {
        var parts = results.ToDictionary(r => r.Key);
        var shares = new List<BenchShare>();
        // nanoseconds is given each part's nanoseconds a step in the round.
        void Add(string what, string[] keys, Func<double[], double> nanoseconds)
        {
            if (BenchResult.RoundByRound(parts, keys, perSecond => nanoseconds([.. perSecond.Select(s => 1e9 / s)])) is { } perRound)
                shares.Add(new BenchShare(what, BenchResult.Median(perRound)));
        }
        Add("the C step and its snapshot, in C (the pure-C replay)", ["pure-c"], ns => ns[0]);
        Add("the C side's observation through P/Invoke (the snapshot read into .NET)", ["reference", "pure-c"], ns => ns[0] - ns[1]);
        Add("the model's step", ["model-steps"], ns => ns[0]);
        Add("the model's snapshot", ["model", "model-steps"], ns => ns[0] - ns[1]);
        Add("the two sides in one loop (what each costs the other's caches)", ["lockstep-observing", "reference", "model"], ns => ns[0] - ns[1] - ns[2]);
        Add("comparison and findings", ["lockstep-unchecked", "lockstep-observing"], ns => ns[0] - ns[1]);
        Add("the invariants", ["lockstep", "lockstep-unchecked"], ns => ns[0] - ns[1]);
        Add("a lockstep step", ["lockstep"], ns => ns[0]);
        Add("recording it, as `run` does", ["lockstep-recording", "lockstep"], ns => ns[0] - ns[1]);
        Add("of which making its columns (in the loop, written nowhere)", ["lockstep-columns", "lockstep"], ns => ns[0] - ns[1]);
        Add("of which writing its row (in the loop: the rest)", ["lockstep-recording", "lockstep-columns"], ns => ns[0] - ns[1]);
        Add("writing the rows alone, out of the loop (made beforehand)", ["recorded-rows"], ns => ns[0]);
        return shares;
    }
}
