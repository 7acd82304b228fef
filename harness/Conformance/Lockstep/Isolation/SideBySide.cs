using System.Runtime.ExceptionServices;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// Independent pieces of work (the runs of a review, the mutants of a mutation run) side by side
/// on the cores. The first piece's error is the error, thrown as if it had run alone: the caller's
/// handling of bad input and harness failures does not see an AggregateException.
/// </summary>
public static class SideBySide
{
    public static void For(int count, int atOnce, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, atOnce) }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
