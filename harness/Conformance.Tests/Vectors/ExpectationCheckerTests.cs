using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Vectors;

namespace Conformance.Tests.Vectors;

/// <summary>Holding a side's snapshot against a row's expectations, and the vectors under vectors/seed/model-basics.</summary>
public sealed class ExpectationCheckerTests
{
    private VectorFiles _files = null!;

    [SetUp]
    public void MakeFolder() => _files = new VectorFiles();

    [TearDown]
    public void RemoveFolder() => _files.Dispose();

    /// <summary>Runs every step through the model and collects each mismatch as "line: text".</summary>
    private static List<string> RunOnModel(Scenario scenario)
    {
        var model = new MpamModel(ResourceProfile.Default);
        var snapshot = new StateSnapshot(ResourceProfile.Default);
        var checker = new ExpectationChecker();
        var mismatches = new List<string>();
        foreach (var step in scenario.Steps)
        {
            StepDispatch.Apply(model, step);
            model.Fill(snapshot);
            mismatches.AddRange(checker.Check(step, snapshot).Select(m => $"{step.Line}: {m}"));
        }
        return mismatches;
    }

    [Test]
    public void WrongExpectationsAreDescribedAsExpectedButWas()
    {
        var file = _files.Write("x.csv",
            VectorFiles.Header,
            "s,topology,cpus=8,,,,,",
            "s,class,id=0 type=cache level=3,,,,,",
            "s,component,class=0 id=0 cpus=0-3,,,,,",
            "s,map,res=L3 class=0 alloc_capable=1,,,,,",
            "s,setup,,-ENOMEM,,,,",
            "s,online,cpus=0-2,0,L3[0:0-3],\"online_ctrl_domain(L3,0) online_cpu(0) online_cpu(1)\",allocs_live=2 warns=0,",
            "s,online,cpu=1,0,,,,",
            "s,num_closid,,2,,,,");
        var scenario = VectorLoader.Load(_files.Root, [file], ResourceProfile.Default).Single();

        Assert.That(RunOnModel(scenario), Is.EqualTo(new[]
        {
            "6: expect_rc: expected -ENOMEM but was 0",
            "7: expect_domains: expected L3[0:0-3] but was L3[0:0-2]",
            "7: expect_events: expected online_ctrl_domain(L3,0) online_cpu(0) online_cpu(1) but was online_ctrl_domain(L3,0) online_cpu(0) online_cpu(1) online_cpu(2)",
            "7: expect_counters: expected allocs_live=2 but was allocs_live=1",
            "8: expect_rc: expected 0 but was not-run",
            "9: expect_rc: expected 2 but was 1",
        }));
    }

    [Test]
    public void RcIsCheckedAfterEveryStepOfARow()
    {
        var file = _files.Write("x.csv", VectorFiles.Header, "s,topology,cpus=4,,,,,", "s,online,\"cpus=1,1\",0,,,,");
        var scenario = VectorLoader.Load(_files.Root, [file], ResourceProfile.Default).Single();
        Assert.That(RunOnModel(scenario), Is.EqualTo(new[] { "3: expect_rc: expected 0 but was not-run" }));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("Conformance.sln above the test directory");
    }

    private static IEnumerable<TestCaseData> ModelBasics()
    {
        string root = RepositoryRoot();
        var files = VectorSelection.Select(root, ["vectors/seed/model-basics/*.csv"], [], "seed");
        foreach (var scenario in VectorLoader.Load(root, files, ResourceProfile.Default))
            yield return new TestCaseData(scenario).SetName($"{scenario.File}:{scenario.Name}");
    }

    [TestCaseSource(nameof(ModelBasics))]
    public void TheModelBasicsVectorsHoldOnTheModel(Scenario scenario)
    {
        Assert.That(scenario.Steps.Count(s => !s.Expect.IsEmpty), Is.Positive, "a golden vector expects something");
        Assert.That(RunOnModel(scenario), Is.Empty);
    }
}
