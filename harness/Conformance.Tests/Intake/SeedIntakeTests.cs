using Conformance.Cli;
using Conformance.Intake;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Intake;

/// <summary>The real review mail from ../shared, through the library and the command.</summary>
public sealed class SeedIntakeTests : TempDirectoryTest
{

    private string Out => Path.Combine(TempDir, "out");

    private static string[] FileLines(string dir) => File.ReadAllLines(Path.Combine(dir, PatchIntake.PatchedFile));

    [Test]
    public void TheSeedExtractsToTheBlobItsIndexLineNames()
    {
        var result = PatchIntake.Extract(new PatchSource(RepoPaths.Seed, null), [], Out);
        Assert.That(result.BlobId, Does.StartWith("e698b534e3db"));
        Assert.That(result.InputForm, Is.EqualTo("mail quoting the patch"));
        var declarations = File.ReadAllText(Path.Combine(Out, DeclarationsHeader.RelativePath));
        Assert.That(declarations, Does.Contain("struct mpam_resctrl_dom {").And.Contain("struct mpam_resctrl_res {"));
        Assert.That(declarations, Does.Contain("#ifdef CONFIG_RESCTRL_FS").And.Contain("int mpam_resctrl_online_cpu(unsigned int cpu);"));
        Assert.That(declarations, Does.Contain("bool resctrl_arch_alloc_capable(void);"));
    }

    [TestCase(new[] { "early-alloc-capable-check.diff" }, 5, "87a3421")]
    [TestCase(new[] { "iserr-after-alloc.diff" }, 4, "9a30709")]
    [TestCase(new[] { "early-alloc-capable-check.diff", "iserr-after-alloc.diff" }, 9, null)]
    public void TheReviewersFixesApplySeparatelyAndTogether(string[] fixes, int changedLines, string? blob)
    {
        var baseDir = Path.Combine(TempDir, "base");
        PatchIntake.Extract(new PatchSource(RepoPaths.Seed, null), [], baseDir);
        var result = PatchIntake.Extract(new PatchSource(RepoPaths.Seed, null), fixes.Select(RepoPaths.Fix).ToList(), Out);
        Assert.That(ChangedLines(FileLines(baseDir), FileLines(Out)), Is.EqualTo(changedLines), "lines added plus lines removed");
        if (blob is not null)
            Assert.That(result.BlobId, Does.StartWith(blob), "the fix's own index line names the result");
    }

    // Added plus removed lines between two versions, via their longest common subsequence.
    private static int ChangedLines(string[] a, string[] b)
    {
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
            for (int j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        return a.Length + b.Length - 2 * lcs[0, 0];
    }

    [Test]
    public void ASeedMissingOneAddedLineFailsThroughTheCommandNamingTheHunk()
    {
        var lines = File.ReadAllLines(RepoPaths.Seed).ToList();
        int cut = lines.FindIndex(l => l.StartsWith("> +static int mpam_resctrl_control_init", StringComparison.Ordinal));
        Assert.That(cut, Is.GreaterThan(0));
        lines.RemoveAt(cut);
        var broken = Path.Combine(TempDir, "broken.txt");
        File.WriteAllLines(broken, lines);

        var stderr = new StringWriter();
        var saved = Console.Error;
        Console.SetError(stderr);
        int exit;
        try { exit = Program.Main(["extract", "--patch", broken, "--out", Out]); }
        finally { Console.SetError(saved); }

        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(stderr.ToString(), Does.Contain($"{broken}:").And.Contain("hunk @@ -0,0 +1,324 @@"));
        Assert.That(Directory.Exists(Out), Is.False);
    }
}
