using BatchResults = System.Collections.Generic.IReadOnlyList<(Conformance.Results.ScenarioResult Result,
    System.Collections.Generic.IReadOnlyList<Conformance.Explore.ScenarioFacts.Fact> Facts)>;

namespace Conformance.Explore;

/// <summary>
/// Batches of generated scenarios run side by side, each on one worker, one more than there are
/// cores: while they run, the parent draws and hands out the next and reads the last, so no core
/// waits for it. Batches are drawn, and their results taken, in the seed's order: what is learnt
/// from them, and in what order, is what one batch at a time would give.
/// </summary>
/// <remarks>
/// Over 20 s on two cores, alternating old and new three times: the seed's 158-165k scenarios
/// (one batch at a time over both cores) became 185-188k, mainline's 86-88k 93-98k. One batch a
/// core, or two more than cores, ran fewer than one more.
/// </remarks>
public sealed class BatchesInFlight(Func<DrawnBatch?> draw, Func<IReadOnlyList<GeneratedScenario>, BatchResults> run)
    : IDisposable
{
    private static readonly int AtOnce = Environment.ProcessorCount + 1;
    private readonly Queue<(DrawnBatch Batch, Task<BatchResults> Results)> _running = new();
    private bool _drawnAll;

    /// <summary>The next batch in the seed's order with its results, once they are in; false when the budget is spent.</summary>
    public bool TryNext(out DrawnBatch batch, out BatchResults results)
    {
        while (!_drawnAll && _running.Count < AtOnce)
        {
            if (draw() is { } next)
                // A thread each: a batch blocks on its worker's output, and the thread pool would be
                // slow to add threads for more blocking work than it has cores.
                _running.Enqueue((next, Task.Factory.StartNew(() => run(next.Scenarios), TaskCreationOptions.LongRunning)));
            else
                _drawnAll = true;
        }
        if (_running.Count == 0)
        {
            (batch, results) = (null!, []);
            return false;
        }
        var (first, running) = _running.Dequeue();
        (batch, results) = (first, running.GetAwaiter().GetResult());
        return true;
    }

    /// <summary>Batches still running (something failed) end before their workers and folders go.</summary>
    public void Dispose()
    {
        foreach (var (_, running) in _running)
            ((IAsyncResult)running).AsyncWaitHandle.WaitOne();
    }
}

/// <summary>A batch as drawn: its scenarios, and each one's index in the seed's sequence.</summary>
public sealed record DrawnBatch(IReadOnlyList<GeneratedScenario> Scenarios, IReadOnlyList<int> DrawnAt);
