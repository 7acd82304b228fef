using System.Diagnostics;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.BuildScript;

/// <summary>build.sh in a clone that has nothing beside it and nothing built: it says what is missing, once, and builds nothing to say it.</summary>
public sealed class BuildScriptTests : TempDirectoryTest
{
    private (int Exit, string Out, string Error) BuildSh(params string[] args)
    {
        var clone = Path.Combine(TempDir, "clone");
        Directory.CreateDirectory(clone);
        File.Copy(Path.Combine(RepoPaths.Root, "build.sh"), Path.Combine(clone, "build.sh"), overwrite: true);
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(Path.Combine(clone, "build.sh"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment.Remove("MPAM_PATCH");
        return ChildProcess.Run(start, TimeSpan.FromMinutes(1), "build.sh");
    }

    [Test]
    public void TestWithoutSharedStopsUpFrontNamingWhatIsMissing()
    {
        var (exit, output, error) = BuildSh("test");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("../shared/seeds/000_dc5dbb2b9c46e6a8.txt").And.Contain("../shared/fixes/iserr-after-alloc.diff")
            .And.Contain("../shared/revisions/mainline-fb481ec0/drivers/resctrl/mpam_resctrl.c"));
        Assert.That(error, Does.Contain($"put the shared/ folder (the seed patch, the fixes, the revisions) at {TempDir}/shared"));
        Assert.That(output.TrimEnd('\n').Split('\n').Last(), Is.EqualTo("0 passed, 1 failed"), "the test command's last line, as CI reads it");
        Assert.That(Directory.Exists(Path.Combine(TempDir, "clone", "build")), Is.False, "nothing was built first");
    }

    [Test]
    public void HelpBuildsNothing()
    {
        var (exit, output, _) = BuildSh("--help");
        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Contain("./build.sh test").And.Contain("the harness is not built yet"));
        Assert.That(Directory.Exists(Path.Combine(TempDir, "clone", "build")), Is.False);
    }
}
