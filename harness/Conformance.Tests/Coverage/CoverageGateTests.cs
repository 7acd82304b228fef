using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Coverage;

/// <summary>
/// The CI gate of issue 6: the vector suite reaches every line and branch of the seed's
/// mpam_resctrl.c but the documented exceptions, and the run's page shows the file annotated.
/// </summary>
public sealed class CoverageGateTests : TempDirectoryTest
{

    [Test]
    public void TheSuiteCoversThePatchsFile()
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "coverage", "--patch", RepoPaths.Seed, "--reports", TempDir);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms),
            $"coverage incomplete or the run failed: run `./build.sh coverage` to see the lines; {error}");
        var html = File.ReadAllText(Path.Combine(TempDir, "latest", "report.html"));
        Assert.That(html, Does.Contain("<h2 id=\"coverage\">Coverage of <code>drivers/resctrl/mpam_resctrl.c</code></h2>"));
        Assert.That(html, Does.Contain("title=\"not reachable: the failure branch after"), "exceptions are shown with their reason");
        Assert.That(html, Does.Match("<tr class=\"hit\"><td class=\"n\">\\d+</td><td class=\"c\">\\d+</td><td class=\"b\">✓✓</td>"),
            "lines carry their hit counts and taken branches");
    }
}
