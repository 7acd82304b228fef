using System.Text.Json;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>`conformance run` over the real patch from ../shared: the whole job, as CI runs it.</summary>
public sealed class EndToEndTests : TempDirectoryTest
{

    private string Reports => Path.Combine(TempDir, "reports");

    [Test]
    public void EveryVectorConformsOverTheSeedAndTheFiveReportsAreWritten()
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--reports", Reports, "--run-id", "e2e");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        var folder = Path.Combine(Reports, "e2e");
        foreach (var file in new[] { "junit.xml", "summary.md", "report.html", "steps.csv", "summary.json" })
            Assert.That(File.Exists(Path.Combine(folder, file)), file);
        Assert.That(new FileInfo(Path.Combine(Reports, "latest")).LinkTarget, Is.EqualTo("e2e"));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.That(summary.RootElement.GetProperty("conforms").GetBoolean(), Is.True);
        Assert.That(summary.RootElement.GetProperty("totals").GetProperty("steps").GetInt32(), Is.GreaterThan(100));
        Assert.That(summary.RootElement.GetProperty("subject").GetProperty("resources").EnumerateArray().Select(r => r.GetString()),
            Is.EqualTo(new[] { "L3", "L2", "MBA", "SMBA", "PERF_PKG" }), "the resource enum as the reference reports it");
        Assert.That(summary.RootElement.GetProperty("subject").GetProperty("model_family").GetString(), Is.EqualTo("seed"));
        Assert.That(summary.RootElement.GetProperty("subject").GetProperty("not_modelled").GetArrayLength(), Is.Zero);
        Assert.That(File.ReadAllText(Path.Combine(folder, "summary.md")), Does.Contain("model family `seed`"));
        Assert.That(error, Does.Contain("model family seed (renders 14 of the 14 functions the revision defines"));
    }

    private string Scratch(string csv)
    {
        Directory.CreateDirectory(Path.Combine(TempDir, "vectors", "seed"));
        File.WriteAllText(Path.Combine(TempDir, "vectors", "seed", "scratch.csv"), csv);
        return TempDir;
    }

    private const string Header = "scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note\n";

    private const string TwoDomains =
        "s,topology,cpus=8,,,,,\n" +
        "s,class,id=0 type=cache level=3,,,,,\n" +
        "s,component,class=0 id=0 cpus=0-3,,,,,\n" +
        "s,component,class=0 id=1 cpus=4-7,,,,,\n" +
        "s,map,res=L3 class=0 alloc_capable=1,,,,,\n" +
        "s,setup,,0,L3[],,,\n";

    [Test]
    public void AWrongExpectationExitsOneWithAFirstFailureAPersonUnderstands()
    {
        var root = Scratch(Header + TwoDomains + "s,online,cpu=5,0,L3[0:5],,,wrong: CPU 5 is in component 1\n");
        var (exit, _, _) = ConsoleCapture.Run(root, "run", "--patch", RepoPaths.Seed, "--reports", Reports);
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        var md = File.ReadAllText(Path.Combine(Reports, "latest", "summary.md"));
        Assert.That(md, Does.Contain("`vectors/seed/scratch.csv:8`, step 6: the vector's expectation does not hold after `online cpu=5`: " +
                                     "expect\\_domains: expected L3[0:5] but was L3[1:5]"));
    }

    [Test]
    public void ABrokenVectorExitsTwoNamingFileLineAndColumnAndRunsNothing()
    {
        var root = Scratch(Header + TwoDomains + "s,online,cpu=9,,,,,\ns,explode,,,,,,\n");
        var (exit, _, error) = ConsoleCapture.Run(root, "run", "--patch", RepoPaths.Seed, "--reports", Reports);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("vectors/seed/scratch.csv:8:").And.Contain("vectors/seed/scratch.csv:9:3: expected"));
        Assert.That(Directory.Exists(Reports), Is.False, "nothing was run, so nothing was reported");
    }
}
