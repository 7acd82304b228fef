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
        var asked = DateTime.UtcNow.AddSeconds(-1);
        var again = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed);
        Assert.That(again.Out.Trim(), Is.EqualTo(library), "the same patch and stand-ins map to the same build");
        // Build folder: build/ref/<key>, above the flavour's.
        var used = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(library)!)!, "used");
        Assert.That(File.GetLastWriteTimeUtc(used), Is.GreaterThanOrEqualTo(asked), "a build found in the cache is marked used, so the cache keeps it longest");
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
        Assert.That(error, Does.Contain("reference-c: missing header: linux/widget_registry.h (mpam_resctrl.c:1)"));
        Assert.That(error, Does.Contain("reference-c: missing symbol: widget_register_all (mpam_resctrl.c:5)"),
            "found past the missing header, in the same pass");
        Assert.That(error, Does.Contain("full log: ").And.Not.Contain("In file included from"), "a short list, not the compiler's wall");
        Assert.That(error.Split('\n'), Has.Length.LessThan(12));
    }

    private string SeedWith(string name, params string[] added) => SeedSource.WriteAppendingFix(TempDir, name, added);

    [Test]
    public void EveryMissingHeaderSymbolMemberAndTypeIsListedOnceInOnePassGroupedByKind()
    {
        int last = SeedSource.Lines.Count;
        var fix = SeedWith("unknown-apis.diff",
            "#include <linux/frobnicator.h>",
            "#include <linux/sprocket.h>",
            "static int frob_everything(struct rdt_resource *r)",
            "{",
            "	frob_handle_t handle = frob_open();",
            "	struct sprocket_set *set = sprocket_get();",
            "	return frob_close(handle) + r->frob_count + set->teeth;",
            "}");
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed, "--fix", fix);
        Assert.That(exit, Is.EqualTo(ExitCodes.ReferenceBuildFailed), error);
        var missing = error.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("reference-c: missing", StringComparison.Ordinal)).ToList();
        Assert.That(missing, Is.EqualTo(new[]
        {
            $"reference-c: missing header: linux/frobnicator.h (mpam_resctrl.c:{last + 1})",
            $"reference-c: missing header: linux/sprocket.h (mpam_resctrl.c:{last + 2})",
            $"reference-c: missing symbol: frob_close (mpam_resctrl.c:{last + 7})",
            $"reference-c: missing symbol: frob_open (mpam_resctrl.c:{last + 5})",
            $"reference-c: missing symbol: sprocket_get (mpam_resctrl.c:{last + 6})",
            $"reference-c: missing type: frob_handle_t (mpam_resctrl.c:{last + 5})",
            $"reference-c: missing type: struct sprocket_set (mpam_resctrl.c:{last + 7})",
            $"reference-c: missing member: struct rdt_resource.frob_count (mpam_resctrl.c:{last + 7})",
        }));
    }

    [Test]
    public void NoSystemHeaderStandsInForAKernelOne()
    {
        // The build machine has /usr/include/linux/input.h; the kernel tree would have its own.
        // It must be reported missing, never resolved to the system's.
        Assume.That(File.Exists("/usr/include/linux/input.h"), "the test needs a system linux/ header to be there");
        var fix = SeedWith("system-header.diff", "#include <linux/input.h>", "static const int uses_input = EV_KEY;");
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed, "--fix", fix);
        Assert.That(exit, Is.EqualTo(ExitCodes.ReferenceBuildFailed), error);
        Assert.That(error, Does.Contain($"reference-c: missing header: linux/input.h (mpam_resctrl.c:{SeedSource.Lines.Count + 1})"));
        Assert.That(error, Does.Contain("reference-c: missing symbol: EV_KEY"));
    }

    [Test]
    public void AWarningAKernelDoesNotMakeAnErrorBuildsAndIsListed()
    {
        var fix = SeedWith("dead-label.diff",
            "int mpam_resctrl_dead_label(void);",
            "int mpam_resctrl_dead_label(void)",
            "{",
            "unused:",
            "	return 0;",
            "}");
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed, "--fix", fix);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(File.Exists(output.Trim()));
        Assert.That(error, Does.Contain($"warning (not an error at W=0): mpam_resctrl.c:{SeedSource.Lines.Count + 4}: label 'unused' defined but not used"));
    }

    [Test]
    public void PatchesLinkTheObjectsNoPatchChangesFromOneBuildOfThemButCoverageCompilesItsOwn()
    {
        // Two fixes no build has seen yet (a comment naming this test run): two libraries, one build of the stand-ins.
        string Built(string name, string flavor)
        {
            var fix = SeedWith(name, $"/* {name} {Guid.NewGuid():N} */");
            var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed, "--fix", fix, "--flavor", flavor);
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
            return Path.GetDirectoryName(output.Trim())!;
        }
        var first = Built("first.diff", "release");
        var second = Built("second.diff", "release");
        Assert.That(first, Is.Not.EqualTo(second));
        foreach (var output in new[] { first, second })
        {
            Assert.That(File.Exists(Path.Combine(output, "libmpamref.so")) && File.Exists(Path.Combine(output, "replay")), output);
            Assert.That(Directory.GetFiles(output, "*.o").Select(Path.GetFileName), Is.EqualTo(new[] { "mpam_ref.o" }),
                "only the file that includes the patch is compiled per patch");
        }
        Assert.That(File.Exists(Path.Combine(Conformance.ReferenceBuild.ReferenceBuilder.CommonObjects(Conformance.ReferenceBuild.Flavor.Release), "stand_in_controlled.o")),
            "the stand-ins, compiled once");

        // A coverage build's counters are written beside its objects: it compiles the stand-ins itself.
        var coverage = Built("third.diff", "coverage");
        Assert.That(File.Exists(Path.Combine(coverage, "stand_in_controlled.o")), coverage);
    }

    [Test]
    public void ABuildKilledMidwayIsStartedAfreshNotFinishedFromWhatItLeft()
    {
        // What a build of the shared objects killed in the middle of writing one leaves: no stamp,
        // and an object cut short but newer than its source (make would take it as made).
        var common = Conformance.ReferenceBuild.ReferenceBuilder.CommonObjects(Conformance.ReferenceBuild.Flavor.Sanitize);
        var stamp = Path.Combine(Path.GetDirectoryName(common)!, "sanitize.built");
        Assert.That(File.Exists(stamp), stamp);
        File.Delete(stamp);
        var standIns = Path.Combine(common, "stand_in_controlled.o");
        File.WriteAllBytes(standIns, [0x7f, (byte)'E', (byte)'L', (byte)'F']);

        var fix = SeedWith("after-a-kill.diff", $"/* after a kill {Guid.NewGuid():N} */");
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed, "--fix", fix, "--flavor", "sanitize");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(File.Exists(output.Trim()));
        Assert.That(new FileInfo(standIns).Length, Is.GreaterThan(1024), "compiled again, whole");
        Assert.That(File.Exists(stamp));
    }

    [Test]
    public void TheSeedAsMergedBuilds()
    {
        // v6 14/40 as merged: the seed with the IS_ERR move.
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed,
            "--fix", RepoPaths.Fix("iserr-after-alloc.diff"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(File.Exists(output.Trim()));
    }

    [TestCase("caches-cdp-01a0021f", "2331e6ddb814", "--kernel-tree")]
    [TestCase("mainline-fb481ec0", "a9938006d0e6", "--kernel-tree")]
    [TestCase("mainline-fb481ec0", "a9938006d0e6", "--patch")]
    public void ALaterRevisionBuildsFromItsTreeWithItsOwnHeaders(string revision, string blob, string option)
    {
        var tree = Path.Combine(RepoPaths.Shared, "revisions", revision);
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", option, tree);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(File.Exists(output.Trim()));
        Assert.That(error, Does.Contain($"(blob {blob})"), "the blob the revisions README names");
        var source = Path.Combine(error.Split("build-reference: ")[1].Split(" (blob")[0], "drivers", "resctrl", "mpam_internal.h");
        Assert.That(File.ReadAllBytes(source), Is.EqualTo(File.ReadAllBytes(Path.Combine(tree, "drivers", "resctrl", "mpam_internal.h"))),
            "the tree's own header, whole");
    }
}
