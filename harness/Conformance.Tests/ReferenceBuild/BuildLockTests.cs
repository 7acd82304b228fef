using Conformance.ReferenceBuild;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.ReferenceBuild;

/// <summary>Two runs that need the same reference build take turns, and a wait is bounded.</summary>
public sealed class BuildLockTests : TempDirectoryTest
{
    [Test]
    public void ASecondTakerWaitsForTheFirstAndAHeldLockEndsTheWaitWithAClearError()
    {
        var path = Path.Combine(TempDir, "ref", "release.lock");
        var first = BuildLock.Take(path, TimeSpan.FromSeconds(1));
        var error = Assert.Throws<ReferenceBuildException>(() => BuildLock.Take(path, TimeSpan.FromMilliseconds(300)).Dispose());
        Assert.That(error!.Message, Does.Contain("another run has been building release"));

        var second = Task.Run(() => BuildLock.Take(path, TimeSpan.FromSeconds(10)));
        Thread.Sleep(300);
        Assert.That(second.IsCompleted, Is.False, "the second waits while the first holds the lock");
        first.Dispose();
        Assert.That(second.Wait(TimeSpan.FromSeconds(5)), Is.True, "and takes it once the first lets go");
        second.Result.Dispose();
    }
}
