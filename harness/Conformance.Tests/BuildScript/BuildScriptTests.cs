using System.Diagnostics;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.BuildScript;

/// <summary>
/// build.sh in a clone of its own: with nothing beside it and nothing built, it says what is
/// missing, once, and builds nothing to say it; with a stand-in `dotnet`, it builds when the
/// inputs or the assemblies differ from what its last build read and left, and only then.
/// </summary>
public sealed class BuildScriptTests : TempDirectoryTest
{
    private string Clone => Path.Combine(TempDir, "clone");

    private (int Exit, string Out, string Error) BuildSh(params string[] args) => BuildShWith(null, args);

    // build.sh run in the clone; with stand-ins, their folder first on PATH and CI unset (a clone that is no git checkout).
    private (int Exit, string Out, string Error) BuildShWith(string? standIns, params string[] args)
    {
        Directory.CreateDirectory(Clone);
        File.Copy(Path.Combine(RepoPaths.Root, "build.sh"), Path.Combine(Clone, "build.sh"), overwrite: true);
        var start = new ProcessStartInfo("bash");
        start.ArgumentList.Add(Path.Combine(Clone, "build.sh"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment.Remove("MPAM_PATCH");
        if (standIns is not null)
        {
            start.Environment["PATH"] = standIns + ":" + start.Environment["PATH"];
            start.Environment.Remove("CI");
        }
        return ChildProcess.Run(start, TimeSpan.FromMinutes(1), "build.sh");
    }

    // A `dotnet` that logs what it was asked and writes the assemblies build.sh looks for: the
    // solution's build its conformance.dll, a publish the one in its -o folder.
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private string DotnetStandIn(string log)
    {
        var folder = Directory.CreateDirectory(Path.Combine(TempDir, "stand-ins")).FullName;
        var dotnet = Path.Combine(folder, "dotnet");
        File.WriteAllText(dotnet, $$"""
            #!/usr/bin/env bash
            echo "$1 $2" >> '{{log}}'
            case "$1 $2" in
                "build Conformance.sln") mkdir -p build/dotnet/bin/Conformance/Release/net10.0 && echo "built $RANDOM" > build/dotnet/bin/Conformance/Release/net10.0/conformance.dll ;;
                publish*) while [ $# -gt 0 ] && [ "$1" != -o ]; do shift; done; mkdir -p "$2" && echo "published $RANDOM" > "$2/conformance.dll" ;;
            esac
            exit 0
            """);
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Path.Combine(Clone, "harness"));
        File.WriteAllText(Path.Combine(Clone, "harness", "Source.cs"), "class Source {}\n");
        Directory.CreateDirectory(Path.Combine(Clone, "reference-c"));
        File.WriteAllText(Path.Combine(Clone, "reference-c", "Makefile"), "tools:\n\t@:\n");
        return folder;
    }

    private static int SolutionBuilds(string log) =>
        File.Exists(log) ? File.ReadAllLines(log).Count(line => line == "build Conformance.sln") : 0;

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void ABuildIsSkippedOnlyWhileItsInputsAndItsAssembliesAreWhatTheLastBuildLeft()
    {
        var log = Path.Combine(TempDir, "dotnet.log");
        var standIns = DotnetStandIn(log);
        void Build(int expected, string why)
        {
            var (exit, _, error) = BuildShWith(standIns, "build");
            Assert.That(exit, Is.Zero, error);
            Assert.That(SolutionBuilds(log), Is.EqualTo(expected), why);
        }

        Build(1, "nothing was built: the first build builds");
        Build(1, "nothing changed: nothing is built");
        var source = Path.Combine(Clone, "harness", "Source.cs");
        File.WriteAllText(source, "class Source { int edited; }\n");
        File.WriteAllText(source, "class Source {}\n");
        Build(1, "an edit undone is no change: the stamp is of content, not of times");
        // What a hand-run `dotnet build` of an edit does, the edit undone afterwards: the inputs are
        // the last build's, the assemblies are not.
        File.WriteAllText(Path.Combine(Clone, "build", "dotnet", "bin", "Conformance", "Release", "net10.0", "conformance.dll"), "built by hand\n");
        Build(2, "the assemblies are not what the last build left: it builds again");
        Build(2, "and then is skipped again");
        File.WriteAllText(source, "class Source { int edited; }\n");
        Build(3, "an input changed");
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
