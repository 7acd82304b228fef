using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Results;
using Conformance.Tests.TestSupport;
using Conformance.Vectors;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// The engine driven with the managed model on both sides (different variants where a
/// difference is wanted): divergences, expectations, findings and keep-going, no native code.
/// </summary>
public sealed class LockstepRunnerTests
{
    private static readonly ResourceProfile Profile = ResourceProfile.Default;

    // L3 alloc-capable and MBA mapped but not alloc-capable, over four CPUs: the branch the
    // reviewer's suggestions are about.
    private const string MbaNotAllocCapable = """
        scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
        s,topology,cpus=4,,,,,
        s,class,id=0 type=cache level=3,,,,,
        s,component,class=0 id=0 cpus=0-3,,,,,
        s,class,id=1 type=memory,,,,,
        s,component,class=1 id=1 cpus=0-3,,,,,
        s,map,res=L3 class=0 alloc_capable=1,,,,,
        s,map,res=MBA class=1 alloc_capable=0,,,,,
        s,setup,,0,,,,
        s,online,cpu=0,,,,,
        s,online,cpu=1,,,,,
        s,offline,cpu=1,,,,,
        """;

    private static Scenario Parse(string csv, string file = "test.csv") => OneScenario.Parse(csv, Profile, file);

    private static ScenarioResult Run(ModelVariant reference, ModelVariant model, Scenario scenario, bool keepGoing = false) =>
        new LockstepRunner(new MpamModel(Profile, reference), new MpamModel(Profile, model), new LockstepOptions(KeepGoing: keepGoing))
            .Run(scenario, 0);

    [Test]
    public void TheModelConformsToItself()
    {
        var result = Run(ModelVariant.Patch, ModelVariant.Patch, Parse(MbaNotAllocCapable));
        Assert.That(result.Outcome, Is.EqualTo(ScenarioOutcome.Conforms), result.FirstFailure?.Message);
        Assert.That(result.StepsRun, Is.EqualTo(11));
        Assert.That(result.Steps, Has.Count.EqualTo(11));
        Assert.That(result.Steps.All(s => !s.Differs));
    }

    [Test]
    public void AFixThatChangesTheRcDivergesAtTheFirstOnlineAndSaysWhat()
    {
        var result = Run(ModelVariant.EarlyAllocCheck, ModelVariant.Patch, Parse(MbaNotAllocCapable));
        Assert.That(result.Outcome, Is.EqualTo(ScenarioOutcome.Diverged));
        var failure = result.FirstFailure!;
        Assert.That(failure.Step, Is.EqualTo(8), "the first online is the first step where the early check bites");
        Assert.That(failure.Line, Is.EqualTo(10));
        Assert.That(failure.Message, Does.StartWith("reference and model disagree after `online cpu=0`: rc: -EINVAL vs 0"));
        Assert.That(failure.Details, Has.Some.StartsWith("reference: domains "));
        Assert.That(failure.Details, Has.Some.StartsWith("model: domains "));
        Assert.That(failure.Details, Has.Some.Contains("step 8 (line 10): online cpu=0"));
        Assert.That(result.StepsRun, Is.EqualTo(9), "without --keep-going the scenario stops at its first failure");
    }

    [Test]
    public void KeepGoingRunsToTheEndAndKeepsTheLaterFailures()
    {
        var result = Run(ModelVariant.EarlyAllocCheck, ModelVariant.Patch, Parse(MbaNotAllocCapable), keepGoing: true);
        Assert.That(result.StepsRun, Is.EqualTo(11));
        Assert.That(result.LaterFailures, Is.Not.Empty);
        Assert.That(result.LaterFailures.Select(f => f.Step), Is.Ordered.Ascending);
    }

    [Test]
    public void AWrongExpectationFailsWithBothValues()
    {
        var csv = MbaNotAllocCapable.Replace("s,online,cpu=0,,,,,", "s,online,cpu=0,0,L3[0:0-1] MBA~[],,,");
        var result = Run(ModelVariant.Patch, ModelVariant.Patch, Parse(csv));
        Assert.That(result.Outcome, Is.EqualTo(ScenarioOutcome.ExpectationFailed));
        Assert.That(result.FirstFailure!.Message, Does.Contain("expect_domains: expected L3[0:0-1] MBA~[] but was L3[0:0] MBA~[]"));
    }

    [Test]
    public void ThePatchsLeakAndWarnAreFindingsSeenOnBothSidesOnce()
    {
        var result = Run(ModelVariant.Patch, ModelVariant.Patch, Parse(MbaNotAllocCapable));
        Assert.That(result.Outcome, Is.EqualTo(ScenarioOutcome.Conforms), "findings are facts about the patch, not failures");

        var leaks = result.Findings.Where(f => f.Kind == "leak").ToList();
        Assert.That(leaks, Is.Not.Empty);
        Assert.That(leaks[0].Step, Is.EqualTo(8), "the first MBA domain is allocated and dropped at the first online");
        Assert.That(leaks[0].Side, Is.EqualTo(FindingSide.Both));
        Assert.That(leaks, Has.Count.EqualTo(1), "one leak however far it grows");
        Assert.That(leaks[0].Fact, Is.EqualTo("leak:mpam_resctrl_alloc_domain:MBA"), "its fact: kind, site, resource");
        Assert.That(leaks[0].Text, Is.EqualTo("Memory mpam_resctrl_alloc_domain() allocates for MBA is neither on a list nor freed: leaked."));
        // Each online of a CPU MBA covers allocates an MBA domain that no list takes: two onlines, two allocations.
        Assert.That(leaks[0].Count, Is.EqualTo(2));
        Assert.That(leaks[0].GrewAt, Is.EqualTo(new[] { "line 10: online cpu=0", "line 11: online cpu=1" }));

        var warns = result.Findings.Where(f => f.Kind == "WARN").ToList();
        Assert.That(warns, Has.Count.EqualTo(1));
        Assert.That(warns[0].Text, Does.StartWith("mpam_resctrl_offline_cpu() WARNs: its condition `!dom` is true"));
        Assert.That(warns[0].Line, Is.EqualTo(12));
    }

    [Test]
    public void APersistentViolationIsReportedOnceNotEveryStep()
    {
        var result = Run(ModelVariant.Patch, ModelVariant.Patch, Parse(MbaNotAllocCapable));
        var distinct = result.Findings.Select(f => (f.Kind, f.Text)).ToList();
        Assert.That(distinct, Is.Unique);
    }

    [Test]
    public void AnEventSeenTwiceInOneStepIsCountedTwiceButNamesThatStepOnce()
    {
        // mpam_resctrl_online_cpu() and mpam_resctrl_offline_cpu() look up the CPU's domain on each
        // resource with a class: L3 and MBA here, so every online and offline walks two ctrl_domains
        // lists outside an RCU read-side section, and the rule is broken twice a step.
        var result = Run(ModelVariant.Patch, ModelVariant.Patch, Parse(MbaNotAllocCapable));
        var walks = result.Findings.Single(f => f.Kind == "rcu_list_unprotected");
        Assert.That(walks.Count, Is.EqualTo(6), "two walks at each of the three steps");
        Assert.That(walks.GrewAt, Is.EqualTo(new[] { "line 10: online cpu=0", "line 11: online cpu=1", "line 12: offline cpu=1" }),
            "a step that grew it twice is one place it grew");
        Assert.That(walks.GrewAtMore, Is.False, "every step it grew at is named");
    }

    [Test]
    public void AFindingThatGrowsAtMoreStepsThanItNamesSaysSo()
    {
        // Eight CPUs onlined in one row: each online walks both lists (two rule reports) and hands
        // back an MBA domain no list takes (one more leaked allocation); the first six steps are named.
        var csv = MbaNotAllocCapable.Replace("cpus=4", "cpus=8").Replace("cpus=0-3", "cpus=0-7")
            .Replace("s,online,cpu=0,,,,,\ns,online,cpu=1,,,,,\ns,offline,cpu=1,,,,,", "s,online,cpus=0-7,,,,,");
        var result = Run(ModelVariant.Patch, ModelVariant.Patch, Parse(csv));
        Assert.That(result.StepsRun, Is.EqualTo(8 + 8));
        var firstSix = Enumerable.Range(0, 6).Select(cpu => $"line 10: online cpu={cpu}");
        var walks = result.Findings.Single(f => f.Kind == "rcu_list_unprotected");
        Assert.That((walks.Count, walks.GrewAt, walks.GrewAtMore), Is.EqualTo((16, firstSix.ToList(), true)));
        var leak = result.Findings.Single(f => f.Kind == "leak");
        Assert.That((leak.Count, leak.GrewAt, leak.GrewAtMore), Is.EqualTo((8, firstSix.ToList(), true)));
    }

    [Test]
    public void ALongCpuListRowRecordsItsLastStepButEveryStepIsCompared()
    {
        var csv = """
            scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
            long,topology,cpus=100,,,,,
            long,class,id=0 type=cache level=3,,,,,
            long,component,class=0 id=0 cpus=0-99,,,,,
            long,map,res=L3 class=0 alloc_capable=1,,,,,
            long,setup,,,,,,
            long,online,cpus=0-99,,,,,
            long,offline,cpus=0-9,,,,,
            """;
        var result = Run(ModelVariant.Patch, ModelVariant.Patch, Parse(csv));
        Assert.That(result.StepsRun, Is.EqualTo(5 + 100 + 10));
        Assert.That(result.Steps.Select(s => s.Index), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 104 }.Concat(Enumerable.Range(105, 10))),
            "the 100-step row keeps its last step; the 10-step row keeps all");
        // A step of a cpus=LIST row is recorded with the CPU it moved, not the row's whole list.
        Assert.That(result.Steps.Where(s => s.Index >= 104).Select(s => s.Args),
            Is.EqualTo(new[] { "cpu=99" }.Concat(Enumerable.Range(0, 10).Select(c => $"cpu={c}"))));
        Assert.That(result.Steps[4].Args, Is.Empty, "setup has no arguments");

        // With an MBA that cannot allocate beside L3, the early check fails every online: every step differs.
        var withMba = csv.Replace("long,setup,,,,,,", "long,class,id=1 type=memory,,,,,\nlong,component,class=1 id=0 cpus=0-99,,,,,\n" +
                                  "long,map,res=MBA class=1 alloc_capable=0,,,,,\nlong,setup,,,,,,");
        var diverging = Run(ModelVariant.EarlyAllocCheck, ModelVariant.Patch, Parse(withMba), keepGoing: true);
        Assert.That(diverging.Steps.Select(s => s.Index), Is.SupersetOf(Enumerable.Range(8, 100)),
            "a step that differs is always recorded");
    }

    // The bench measures what the invariants cost by a lockstep that does not check them: that
    // lockstep must leave out the invariants' findings and nothing else. In the seed's
    // overlapping-affinities scenario the lookup leaves CPU 2 in domain 1 when it goes offline
    // (step 9) and puts it in domain 0 too when it comes back (step 10).
    [Test]
    public void ALockstepThatDoesNotCheckTheInvariantsLeavesOutTheirFindingsAndNothingElse()
    {
        var scenario = OneScenario.Named(Path.Combine(RepoPaths.Root, "vectors", "seed", "model-basics", "gaps.csv"), "overlapping-affinities", Profile);
        ScenarioResult RunIt(bool invariants) =>
            new LockstepRunner(new MpamModel(Profile, ModelVariant.Patch), new MpamModel(Profile, ModelVariant.Patch),
                new LockstepOptions(CheckInvariants: invariants)).Run(scenario, 0);

        var checkedRun = RunIt(invariants: true);
        var unchecked_ = RunIt(invariants: false);
        Assert.That((checkedRun.Outcome, unchecked_.Outcome), Is.EqualTo((ScenarioOutcome.Conforms, ScenarioOutcome.Conforms)));
        Assert.That(checkedRun.Findings.Where(f => f.Kind == "invariant").Select(f => (f.Fact, f.Step, f.Detail)),
            Is.EquivalentTo(new[] { ("offline:L3", 9, "CPU 2"), ("twice:L3", 10, "CPU 2") }));
        Assert.That(unchecked_.Findings.Select(f => (f.Kind, f.Fact, f.Step, f.Count)),
            Is.EqualTo(checkedRun.Findings.Where(f => f.Kind != "invariant").Select(f => (f.Kind, f.Fact, f.Step, f.Count))));
        Assert.That(new LockstepOptions().CheckInvariants, Is.True, "a run checks them");
    }

    // The bench's measure of both sides stepped and observed in one loop: a fix that diverges at the
    // first online (as above) runs to the end, and nothing is compared, recorded or found.
    [Test]
    public void ALockstepThatDoesNotCompareRunsEveryStepAndFindsNothing()
    {
        var scenario = Parse(MbaNotAllocCapable);
        var compared = Run(ModelVariant.EarlyAllocCheck, ModelVariant.Patch, scenario);
        Assert.That((compared.Outcome, compared.StepsRun), Is.EqualTo((ScenarioOutcome.Diverged, 9)), "the comparing run stops at the first online (step 8)");
        var result = new LockstepRunner(new MpamModel(Profile, ModelVariant.EarlyAllocCheck), new MpamModel(Profile, ModelVariant.Patch),
            new LockstepOptions(Compare: false)).Run(scenario, 0);
        Assert.That((result.Outcome, result.StepsRun, result.Findings.Count, result.Steps.Count), Is.EqualTo((ScenarioOutcome.Conforms, 11, 0, 0)));
        Assert.That(new LockstepOptions().Compare, Is.True, "a run compares");
    }

    // L3 domain 0 (CPUs 0-5) and 1 (6-11): steps 6 and 7 online CPUs 0 and 1, steps 8-11 CPUs 6-9,
    // step 12 offlines CPU 9. Domain 0's mask is not written again after step 7.
    private const string TwoDomains = TwelveCpuRows.Platform + """
        s,online,cpu=0,,,,,
        s,online,cpu=1,,,,,
        s,online,cpus=6-9,,,,,
        s,offline,cpu=9,,,,,
        """;

    // A side whose snapshot shows CPU 5 in L3 domain 0's mask from its 8th fill (step 7) on, where its
    // code never put it: the side's later fills keep that mask where it was (they rewrite what
    // changed), and nothing changes it until the last step, which is observed whole.
    private sealed class CpuFiveInDomainZero(IMpamSide inner) : ForwardingSide(inner)
    {
        private int _fills;

        public override void Fill(StateSnapshot snapshot)
        {
            base.Fill(snapshot);
            if (++_fills != 8)
                return;
            Assert.That(snapshot.DomainsKept, "the step's fill kept the domains: the bit is rewritten as a step's change is");
            int slot = snapshot.ListSlot(0, monitor: false, 0);
            snapshot.RewriteMaskWords(slot, 0, 1)[0] |= 1UL << 5;
            snapshot.Domains[slot].CpuCount++;
        }
    }

    // After a step the sides disagree on, the next is compared whole, not only at what it rewrote:
    // a difference in a mask neither side writes again is found at every step until it goes.
    [Test]
    public void AfterADisagreementADifferenceNeitherSideRewritesIsFoundAtEveryStep()
    {
        var result = new LockstepRunner(new CpuFiveInDomainZero(new MpamModel(Profile)), new MpamModel(Profile), new LockstepOptions(KeepGoing: true))
            .Run(Parse(TwoDomains), 0);
        Assert.That(result.StepsRun, Is.EqualTo(13));
        // By hand: the bit is in the mask the fill at step 7 rewrote; steps 8-11 write domain 1's
        // mask only; step 12 is observed whole, and the side's whole fill has no CPU 5.
        Assert.That(result.Steps.Where(s => s.Differs).Select(s => s.Index), Is.EqualTo(new[] { 7, 8, 9, 10, 11 }));
        Assert.That(result.FailingSteps, Is.EqualTo(5));
        Assert.That(result.FirstFailure!.Message, Does.Contain("online cpu=1"));
    }
}
