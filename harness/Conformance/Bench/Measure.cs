using System.Diagnostics;

namespace Conformance.Bench;

/// <summary>One measured line of the benchmark table.</summary>
public sealed record BenchResult(string What, long Steps, TimeSpan Elapsed, long AllocatedBytes)
{
    public double StepsPerSecond => Steps / Elapsed.TotalSeconds;
    public double BytesPerStep => (double)AllocatedBytes / Steps;
}

/// <summary>Repeats a workload until it has run long enough to be measured, after one warm-up pass.</summary>
public static class Measure
{
    public static BenchResult Repeat(string what, TimeSpan atLeast, Func<long> runOnce)
    {
        runOnce();   // warm-up: JIT, buffers grown to size
        long steps = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < atLeast)
            steps += runOnce();
        clock.Stop();
        return new BenchResult(what, steps, clock.Elapsed, GC.GetAllocatedBytesForCurrentThread() - allocated);
    }
}
