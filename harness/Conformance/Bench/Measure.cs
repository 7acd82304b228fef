using System.Diagnostics;

namespace Conformance.Bench;

/// <summary>One round of one part: steps run, how long, managed bytes allocated.</summary>
public sealed record BenchRound(long Steps, TimeSpan Elapsed, long AllocatedBytes)
{
    public double StepsPerSecond => Steps / Elapsed.TotalSeconds;
    public double BytesPerStep => (double)AllocatedBytes / Steps;
}

/// <summary>A part of the benchmark over its rounds: the median round, and the best (the least disturbed).</summary>
public sealed record BenchResult(string Key, string What, IReadOnlyList<BenchRound> Rounds)
{
    public double MedianStepsPerSecond => Median(Rounds.Select(r => r.StepsPerSecond));
    public double BestStepsPerSecond => Rounds.Max(r => r.StepsPerSecond);
    public double MedianBytesPerStep => Median(Rounds.Select(r => r.BytesPerStep));
    public long Steps => Rounds.Sum(r => r.Steps);

    public static double Median(IEnumerable<double> values) => Quantile(values, 0.5);

    /// <summary>
    /// <paramref name="of"/> over the named parts' steps a second, round by round over the rounds
    /// they all ran (parts of one round ran one after the other: a disturbance falls on all of
    /// them); null when one of them was not measured.
    /// </summary>
    public static List<double>? RoundByRound(IReadOnlyDictionary<string, BenchResult> parts, string[] keys, Func<double[], double> of)
    {
        if (!keys.All(parts.ContainsKey))
            return null;
        int rounds = keys.Min(k => parts[k].Rounds.Count);
        return Enumerable.Range(0, rounds).Select(i => of(keys.Select(k => parts[k].Rounds[i].StepsPerSecond).ToArray())).ToList();
    }

    /// <summary>The value a fraction <paramref name="q"/> of the way through the sorted values, between neighbours where it falls between them.</summary>
    public static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        double at = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(at);
        return below + 1 < sorted.Length ? sorted[below] + (at - below) * (sorted[below + 1] - sorted[below]) : sorted[below];
    }
}

/// <summary>Runs a part for at least a given time, in whole passes over its workload.</summary>
public static class Measure
{
    public static BenchRound Round(TimeSpan atLeast, Func<long> runOnce)
    {
        long steps = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        do
            steps += runOnce();
        while (clock.Elapsed < atLeast);
        clock.Stop();
        return new BenchRound(steps, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }
}
