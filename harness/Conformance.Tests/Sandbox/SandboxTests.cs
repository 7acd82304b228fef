using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Sandbox;

/// <summary>
/// The patch's code is untrusted: what it tries at build time and at run time outside its
/// scratch folder does not happen, the run says what it tried, and the run still completes.
/// </summary>
public sealed class SandboxTests : TempDirectoryTest
{
    private string Reports => Path.Combine(TempDir, "reports");

    private string WriteFix(string name, params string[] added) => SeedSource.WriteAppendingFix(TempDir, name, added);

    [Test]
    public void AConstructorThatWritesOnTheHostCreatesNothingAndTheRunSaysWhatItTried()
    {
        var marker = Path.Combine(TempDir, "the-patch-was-here");
        var fix = WriteFix("hostile.diff",
            "int system(const char *command);",
            "__attribute__((constructor)) static void hostile_constructor(void)",
            "{",
            $"\tsystem(\"touch {marker} || echo hostile: could not touch the host >&2\");",
            "}");
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--fix", fix,
            "--vectors", "vectors/seed/smoke/*.csv", "--reports", Reports, "--run-id", "hostile");

        Assert.That(File.Exists(marker), Is.False, "the constructor's file must not exist on the host");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        var summary = File.ReadAllText(Path.Combine(Reports, "hostile", "summary.md"));
        Assert.That(summary, Does.Contain("What the reference wrote to stderr").And.Contain("hostile: could not touch the host"),
            "the run reports what the patch tried");
    }

    [Test]
    public void AnIncludeOfAHostFileDoesNotReadItIntoTheBuild()
    {
        var fix = WriteFix("include-host.diff", "#include \"/etc/hostname\"");
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "build-reference", "--patch", RepoPaths.Seed, "--fix", fix);

        Assert.That(exit, Is.EqualTo(ExitCodes.ReferenceBuildFailed), error);
        Assert.That(error, Does.Contain("missing header: /etc/hostname"));
        var log = error.Split("full log: ")[1].Trim().Split('\n')[0];
        var hostname = File.ReadAllText("/etc/hostname").Trim();
        Assert.That(File.ReadAllText(log), Does.Not.Contain(hostname), "the host's file never reaches the compiler");
    }

    [Test]
    public void AKernelTreeWhoseFileLinksOutsideTheTreeIsRefused()
    {
        var tree = Path.Combine(TempDir, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "drivers", "resctrl"));
        File.CreateSymbolicLink(Path.Combine(tree, "drivers", "resctrl", "mpam_resctrl.c"), "/etc/passwd");
        var (exit, _, error) = ConsoleCapture.Run(TempDir, "extract", "--kernel-tree", tree, "--out", Path.Combine(TempDir, "out"));

        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("mpam_resctrl.c: expected a file inside the kernel tree").And.Contain("/etc/passwd"));
        Assert.That(Directory.Exists(Path.Combine(TempDir, "out")), Is.False);
    }
}
