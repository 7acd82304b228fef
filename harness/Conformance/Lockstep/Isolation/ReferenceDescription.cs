namespace Conformance.Lockstep.Isolation;

/// <summary>
/// Asks a worker process what a reference library is: its resource enum, in order. Asked in a
/// worker because loading a library runs its code (constructors included), and a broken one
/// must not take the run down; the wait is bounded like a step's, so a library that hangs
/// while loading is reported, not waited for. The worker is one of the run's own (the same
/// sandbox): once it answered, it goes back to the pool and takes one of the run's jobs.
/// </summary>
public static class ReferenceDescription
{
    public const string Tag = "@@conformance-resources ";

    /// <summary>Loading a library may take longer than a step (the runtime starts too), never less than this.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<string> Resources(WorkerPool pool, string library, IReadOnlyList<string> readable, IReadOnlyList<string> writable, TimeSpan stepTimeout)
    {
        var wait = stepTimeout > MinimumWait ? stepTimeout : MinimumWait;
        var worker = pool.Send(library, readable, writable, WorkerWire.DescribeRequest + library);
        var described = (string?)null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < wait)
        {
            if (!worker.Lines.TryTake(out var line, TimeSpan.FromMilliseconds(50)))
                continue;
            if (line is null)
                break;                                              // it died loading the library
            if (line.StartsWith(Tag, StringComparison.Ordinal))
                described = line;
            else if (line == WorkerWire.DoneTag && described is not null)
            {
                pool.Release(worker);
                return described[Tag.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }
        bool hung = !worker.Process.HasExited;
        worker.Dispose();                                           // killed when it does not end by itself
        throw new ReferenceLoadException(library, hung
            ? $"loading it did not finish within {wait.TotalSeconds:0} s (a constructor that never returns?); it was killed"
            : $"it could not be loaded (worker exit {worker.ExitCode}): {string.Join(" | ", worker.TakeStderr().Lines())}");
    }
}

/// <summary>A reference library that does not load or describe itself: the run cannot start (exit 2 for a given --lib).</summary>
public sealed class ReferenceLoadException(string library, string why) : Exception($"{library}: expected a reference library that loads, but {why}");
