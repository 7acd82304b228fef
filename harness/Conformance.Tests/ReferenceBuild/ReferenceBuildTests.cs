using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.ReferenceBuild;

/// <summary>build-reference over the seed, and over a version of the file that needs kernel APIs the stand-ins lack.</summary>
public sealed class ReferenceBuildTests : TempDirectoryTest
{
    [Test]
    public void TheSeedBuildsAndIsCachedByContent()
    {
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        var library = output.Trim();
        Assert.That(File.Exists(library), library);
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(library)!, "replay")));
        var again = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed);
        Assert.That(again.Out.Trim(), Is.EqualTo(library), "the same patch and stand-ins map to the same build");
    }

    [Test]
    public void AFileNeedingMissingKernelApisExitsThreeWithAShortList()
    {
        // An invented newer version of the file: a header and a function the stand-ins do not have.
        string[] lines =
        [
            "#include <linux/widget_registry.h>",
            "",
            "int mpam_resctrl_setup(void)",
            "{",
            "\treturn widget_register_all();",
            "}",
        ];
        var diff = "--- /dev/null\n+++ b/drivers/resctrl/mpam_resctrl.c\n" + $"@@ -0,0 +1,{lines.Length} @@\n" +
                   string.Concat(lines.Select(l => $"+{l}\n"));
        var patch = Path.Combine(TempDir, "newer.diff");
        File.WriteAllText(patch, diff);
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", patch);
        Assert.That(exit, Is.EqualTo(ExitCodes.ReferenceBuildFailed));
        Assert.That(error, Does.Contain("reference-c: missing header: linux/widget_registry.h"));
        Assert.That(error, Does.Contain("full log: ").And.Not.Contain("In file included from"), "a short list, not the compiler's wall");
        Assert.That(error.Split('\n'), Has.Length.LessThan(12));
    }
}
