using Conformance.Explore;
using Conformance.Results;

namespace Conformance.Tests.Explore;

/// <summary>Batches run side by side, one more than the cores, but come back in the order they were drawn.</summary>
public sealed class BatchesInFlightTests
{
    [Test]
    public void BatchesRunSideBySideAndComeBackInTheOrderDrawn()
    {
        const int Batches = 12;
        int atOnce = Environment.ProcessorCount + 1;
        int drawn = 0, running = 0, mostAtOnce = 0;
        var drawnAs = new Dictionary<IReadOnlyList<GeneratedScenario>, int>(ReferenceEqualityComparer.Instance);
        var finished = new List<int>();
        using var firstAllStarted = new CountdownEvent(atOnce);
        using var secondDone = new ManualResetEventSlim();

        DrawnBatch? Draw()
        {
            if (drawn == Batches)
                return null;
            var scenarios = new List<GeneratedScenario>();
            lock (drawnAs)
                drawnAs[scenarios] = drawn;
            return new DrawnBatch(scenarios, [drawn++]);
        }

        IReadOnlyList<(ScenarioResult, IReadOnlyList<ScenarioFacts.Fact>)> Run(IReadOnlyList<GeneratedScenario> scenarios)
        {
            int i;
            lock (drawnAs)
                i = drawnAs[scenarios];
            lock (finished)
                mostAtOnce = Math.Max(mostAtOnce, ++running);
            // The first batches wait until all of them run; the first finishes after the second.
            if (i < atOnce)
            {
                firstAllStarted.Signal();
                firstAllStarted.Wait(TimeSpan.FromSeconds(30));
            }
            if (i == 0)
                secondDone.Wait(TimeSpan.FromSeconds(30));
            lock (finished)
            {
                finished.Add(i);
                running--;
            }
            if (i == 1)
                secondDone.Set();
            return [];
        }

        var taken = new List<int>();
        using (var inFlight = new BatchesInFlight(Draw, Run))
            while (inFlight.TryNext(out var batch, out _))
                taken.Add(batch.DrawnAt[0]);

        Assert.That(taken, Is.EqualTo(Enumerable.Range(0, Batches)));
        Assert.That(firstAllStarted.IsSet, Is.True, "the first batches all ran at once");
        Assert.That(mostAtOnce, Is.EqualTo(atOnce), "and never more than the cores and one");
        Assert.That(finished.IndexOf(1), Is.LessThan(finished.IndexOf(0)), "the second finished first, and was still taken second");
    }
}
