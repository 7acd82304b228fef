using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// A step costs what it changed: the sides keep what did not change, the comparison and the
/// invariants look at what was rewritten. None of that may change what a run reports: each
/// family's suite, observed whole at every step, gives the same reports byte for byte.
/// </summary>
public sealed class IncrementalObservationTests : TempDirectoryTest
{
    private static readonly string[] Reports = ["steps.csv", "junit.xml", "summary.json", "summary.md"];

    [TestCase("seed")]
    [TestCase("mainline-fb481ec0")]
    [TestCase("caches-cdp-01a0021f")]
    public void ASuiteObservedWholeAtEveryStepReportsWhatItReportsIncrementally(string revision)
    {
        string[] subject = revision == "seed"
            ? ["--patch", RepoPaths.Seed]
            : ["--kernel-tree", Path.Combine(RepoPaths.Shared, "revisions", revision)];
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, ["run", .. subject, "--reports", TempDir, "--run-id", "incremental"]);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, ["run", .. subject, "--observe-whole", "--reports", TempDir, "--run-id", "whole"]);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(File.ReadAllText(Path.Combine(TempDir, "whole", "summary.md")), Does.Contain("finding"), "the suite has findings to agree on");
        foreach (var report in Reports)
            Assert.That(ReportText.Normalized(Path.Combine(TempDir, "incremental", report), "incremental"),
                Is.EqualTo(ReportText.Normalized(Path.Combine(TempDir, "whole", report), "whole")), report);
    }
}
