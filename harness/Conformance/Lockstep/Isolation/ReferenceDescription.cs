using System.Collections.Concurrent;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// Asks a worker process what a reference library is: its resource enum, in order. Asked in a
/// worker because loading a library runs its code (constructors included), and a broken one
/// must not take the run down; the wait is bounded like a step's, so a library that hangs
/// while loading is reported, not waited for.
/// </summary>
public static class ReferenceDescription
{
    public const string Tag = "@@conformance-resources ";

    /// <summary>Loading a library may take longer than a step (the runtime starts too), never less than this.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(5);

    public static IReadOnlyList<string> Resources(WorkerLaunch launch, string library, TimeSpan stepTimeout)
    {
        var wait = stepTimeout > MinimumWait ? stepTimeout : MinimumWait;
        using var process = launch.StartDescribe(library);
        var stderr = new StderrTail(15);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Add(e.Data); };
        process.BeginErrorReadLine();
        // The end of the output is a null line: a worker that printed its answer and exited is
        // read to the end, however late its output events arrive after the exit.
        var lines = new BlockingCollection<string?>();
        process.OutputDataReceived += (_, e) => lines.Add(e.Data);
        process.BeginOutputReadLine();
        var described = (string?)null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (described is null && clock.Elapsed < wait)
        {
            if (!lines.TryTake(out var line, TimeSpan.FromMilliseconds(50)))
                continue;
            if (line is null)
                break;
            if (line.StartsWith(Tag, StringComparison.Ordinal))
                described = line;
        }
        if (described is null)
        {
            bool hung = !process.HasExited;
            if (hung)
                process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            throw new ReferenceLoadException(library, hung
                ? $"loading it did not finish within {wait.TotalSeconds:0} s (a constructor that never returns?); it was killed"
                : $"it could not be loaded (worker exit {process.ExitCode}): {string.Join(" | ", stderr.Lines())}");
        }
        process.WaitForExit(10_000);
        return described[Tag.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}

/// <summary>A reference library that does not load or describe itself: the run cannot start (exit 2 for a given --lib).</summary>
public sealed class ReferenceLoadException(string library, string why) : Exception($"{library}: expected a reference library that loads, but {why}");
