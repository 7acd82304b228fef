using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Review;

/// <summary>`review --explore`: the fixes over generated scenarios, each changed behaviour with its shortest scenario.</summary>
public sealed class ExploredReviewTests : TempDirectoryTest
{
    [Test]
    public void TheEarlyCheckChangesBehaviourOnGeneratedScenariosAndTheIsErrMoveDoesNot()
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed,
            "--fix", RepoPaths.Fix("early-alloc-capable-check.diff"), "--fix", RepoPaths.Fix("iserr-after-alloc.diff"),
            "--vectors", "vectors/seed/review/*.csv", "--explore", "16", "--reports", TempDir, "--run-id", "r");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        var reply = File.ReadAllText(Path.Combine(TempDir, "r", "review.txt"));
        Assert.That(reply, Does.Contain("Over 16 generated scenarios (the explore grammar), each fix against the"));
        // Moving the IS_ERR test changes nothing anywhere (derived from the C: both orders return
        // the same pointer on every path); the early check makes onlines or setups of a resource
        // that is not alloc_capable fail where the patch returns 0.
        Assert.That(reply, Does.Contain("iserr-after-alloc: no behaviour changes in any of them."));
        Assert.That(reply, Does.Match(@"early-alloc-capable-check: \d+ distinct behaviour change\(s\)\."));
        Assert.That(reply, Does.Match(@"At (online|setup): returns 0 -> -EINVAL"));
        Assert.That(reply.Split('\n').Where(l => l.Length > 72), Is.Empty);
    }
}
