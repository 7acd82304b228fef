using System.Text.Json;
using Conformance.Cli;
using Conformance.Explore;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Tests.TestSupport;
using CsCheck;

namespace Conformance.Tests.Explore;

/// <summary>The grammar of the revisions that pick their own classes, and `explore` on mainline end to end.</summary>
public sealed class PickedClassesGrammarTests : TempDirectoryTest
{
    private static string Mainline => Path.Combine(RepoPaths.Shared, "revisions", "mainline-fb481ec0");

    private static IReadOnlyList<string> MainlineFeatures => DeviceFeatures.Of(Mainline);

    private static List<GeneratedScenario> Generate(string family, ulong seed, int count)
    {
        var grammar = ScenarioGrammar.For(family, picksClasses: true, MainlineFeatures);
        var pcg = new PCG(1, seed);
        return Enumerable.Range(0, count).Select(_ => grammar.Generate(pcg, null!, out Size _)).ToList();
    }

    [Test]
    public void EveryScenarioIsAValidVectorTheKernelCouldRunAndNoMapRowIsDrawn()
    {
        var scenarios = Generate("mainline", 3, 300);
        var profile = new ResourceProfile(["L3", "L2", "MBA", "SMBA", "PERF_PKG"], MainlineFeatures, picksClasses: true);
        foreach (var s in scenarios)
        {
            var csv = GeneratedScenario.Csv([("g", s)]);
            var errors = new List<Conformance.Vectors.VectorFormatException>();
            Conformance.Vectors.VectorFileParser.Parse("g.csv", csv, profile, errors);
            Assert.That(errors.Select(e => e.Message), Is.Empty, csv);
            Assert.That(PickedClassesGrammar.WellFormed(s), Is.True, csv);
        }
        Assert.That(scenarios.SelectMany(s => s.Rows).Select(r => r.Op), Has.None.EqualTo("map"));
    }

    [Test]
    public void MainlineScenariosReachEveryMainlineOpAndTheStageNoMonitorOp()
    {
        var mainlineOps = Generate("mainline", 5, 300).SelectMany(s => s.Rows).Select(r => r.Op).ToHashSet();
        Assert.That(mainlineOps, Is.SupersetOf(new[]
        {
            "topology", "class", "component", "props", "cache", "partid_max", "setup", "online", "offline", "fail_alloc", "fail_fs",
            "mount", "unmount", "schemata", "schemata_read", "mon_ctx_alloc", "mon_ctx_free", "rmid_read", "exit", "teardown",
            "num_closid", "alloc_capable", "cpus_write", "task_write", "task_match",
        }));
        var stageOps = Generate("caches-cdp", 5, 300).SelectMany(s => s.Rows).Select(r => r.Op).ToHashSet();
        Assert.That(stageOps, Does.Contain("schemata").And.Contain("mount").And.Contain("cpus_write").And.Contain("task_match"));
        Assert.That(stageOps, Has.None.AnyOf("mon_ctx_alloc", "mon_ctx_free", "rmid_read", "exit", "teardown"), "the caches/CDP stage has no monitors, exit or teardown");
    }

    [TestCase("setup,schemata", false, TestName = "A schemata write needs a mount")]
    [TestCase("setup,cpus_write", false, TestName = "A group's cpus file needs a mount")]
    [TestCase("setup,mount,task_write,task_match,unmount", true, TestName = "A group's tasks file is there while mounted")]
    [TestCase("mount,setup", false, TestName = "A mount needs resctrl registered by setup")]
    [TestCase("setup,mount,mount", false, TestName = "A second mount needs an unmount first")]
    [TestCase("setup,mount,exit", false, TestName = "Exit needs the filesystem unmounted")]
    [TestCase("setup,exit,mount", false, TestName = "Nothing mounts after exit")]
    [TestCase("setup,teardown", false, TestName = "Teardown comes after exit")]
    [TestCase("setup,exit,teardown,online", false, TestName = "Nothing but teardown after a teardown")]
    [TestCase("setup,mount,schemata,online,unmount,exit,teardown,teardown", true, TestName = "A mounted session, exit and two classes torn down")]
    public void WellFormedKeepsToWhatTheKernelCanDo(string ops, bool expected)
    {
        var rows = new List<GeneratedRow> { new("topology", "cpus=2"), new("class", "id=0 type=cache level=3") };
        rows.AddRange(ops.Split(',').Select(op => new GeneratedRow(op, "")));
        Assert.That(PickedClassesGrammar.WellFormed(new GeneratedScenario(rows)), Is.EqualTo(expected));
    }

    [Test]
    public void ShrinkingNeverLeavesAnActionWithoutItsMount()
    {
        // A stand-in for the lockstep: the fact shows whenever a schemata row is there.
        var scenario = new GeneratedScenario(
        [
            new("topology", "cpus=8"), new("class", "id=0 type=cache level=3"), new("component", "class=0 id=0 cpus=0-3"),
            new("cache", "cpus=0-3 level=3 id=0 size=1048576"), new("setup", ""), new("online", "cpu=6"),
            new("mount", "cdp=1 cdpl2=0"), new("schemata", "res=L3 closid=1 domains=0:3"), new("unmount", ""),
        ]);
        var shrunk = new Shrinker(candidates => candidates.Select(c => (IReadOnlySet<string>)(c.Rows.Any(r => r.Op == "schemata") ? new HashSet<string> { "f" } : [])).ToList(),
            PickedClassesGrammar.WellFormed).Shrink(scenario, "f");
        // The mount and setup stay (without them the write is not one the filesystem makes);
        // the unmount, the component, the cache and CPU 6 go; the topology shrinks to one CPU.
        Assert.That(shrunk.Rows, Is.EqualTo(new GeneratedRow[]
        {
            new("topology", "cpus=1"), new("class", "id=0 type=cache level=3"), new("setup", ""),
            new("mount", "cdp=1 cdpl2=0"), new("schemata", "res=L3 closid=1 domains=0:3"),
        }));
    }

    [Test]
    public void ShrinkingDropsAWholeSessionThatNoRowOfCanLeaveAlone()
    {
        // The fact shows whenever a mount with CDP is there. The first session (a mount, a write,
        // its unmount) goes whole: without its mount, the write and the unmount are not well formed;
        // without its unmount, the second mount is not.
        var scenario = new GeneratedScenario(
        [
            new("topology", "cpus=1"), new("class", "id=0 type=cache level=3"), new("setup", ""),
            new("mount", "cdp=0 cdpl2=0"), new("task_write", "closid=1 rmid=0"), new("unmount", ""),
            new("mount", "cdp=1 cdpl2=0"), new("unmount", ""),
        ]);
        var shrunk = new Shrinker(candidates => candidates.Select(c => (IReadOnlySet<string>)(c.Rows.Any(r => r.Op == "mount" && r.Args.StartsWith("cdp=1", StringComparison.Ordinal)) ? new HashSet<string> { "f" } : [])).ToList(),
            PickedClassesGrammar.WellFormed).Shrink(scenario, "f");
        Assert.That(shrunk.Rows, Is.EqualTo(new GeneratedRow[]
        {
            new("topology", "cpus=1"), new("class", "id=0 type=cache level=3"), new("setup", ""), new("mount", "cdp=1 cdpl2=0"),
        }));
    }

    [Test]
    public void ShrinkingMovesACpusWriteWithTheCpusAndKeepsItsCpuInTheTopology()
    {
        // The fact shows whenever CPU 5 is online and written to (relabelled: whatever CPU the online names).
        static bool Shows(GeneratedScenario c)
        {
            var online = c.Rows.FirstOrDefault(r => r.Op == "online")?.Args;
            return online is not null && c.Rows.Any(r => r.Op == "cpus_write" && r.Args.StartsWith(online + " ", StringComparison.Ordinal));
        }
        var scenario = new GeneratedScenario(
        [
            new("topology", "cpus=8"), new("class", "id=0 type=cache level=3"), new("component", "class=0 id=0 cpus=4-7"),
            new("setup", ""), new("online", "cpu=5"), new("mount", "cdp=0 cdpl2=0"), new("cpus_write", "cpu=5 closid=1 rmid=0"),
        ]);
        var shrunk = new Shrinker(candidates => candidates.Select(c => (IReadOnlySet<string>)(Shows(c) ? new HashSet<string> { "f" } : [])).ToList(),
            PickedClassesGrammar.WellFormed).Shrink(scenario, "f");
        // Every CPU number moves down to 0 together (the write's with the online's), and the
        // topology keeps the CPU the write names.
        Assert.That(shrunk.Rows, Is.EqualTo(new GeneratedRow[]
        {
            new("topology", "cpus=1"), new("class", "id=0 type=cache level=3"), new("setup", ""), new("online", "cpu=0"),
            new("mount", "cdp=0 cdpl2=0"), new("cpus_write", "cpu=0 closid=1 rmid=0"),
        }));
    }

    [Test]
    public void ExploreOnMainlineRunsTheMainlineOpsAndEveryVectorReproducesItsFact()
    {
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "explore", "--kernel-tree", Mainline, "--seed", "1", "--scenarios", "48",
            "--reports", TempDir, "--run-id", "m", "--json");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(output);
        var facts = json.RootElement.GetProperty("facts").EnumerateArray().ToList();
        Assert.That(facts, Is.Not.Empty);
        Assert.That(facts.Select(f => f.GetProperty("rows").GetInt32()), Has.All.LessThanOrEqualTo(12));
        var vectors = Directory.GetFiles(Path.Combine(TempDir, "m", "found"), "*.csv");
        Assert.That(vectors.SelectMany(File.ReadAllLines).Select(l => l.Split(',')[1]), Has.None.EqualTo("map"));

        FoundVectors.EachReproducesItsFact(["--kernel-tree", Mainline], Path.Combine(TempDir, "m", "found"), facts, TempDir);
    }
}
