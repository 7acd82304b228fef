using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Results;
using Conformance.Review;
using Conformance.Vectors;

namespace Conformance.Tests.Review;

/// <summary>
/// The review comparison over runs whose reference side is a model variant: the same code that
/// compares a fix's built C against the base, with the managed renderings of the two suggestions.
/// </summary>
public sealed class ReviewDiffTests
{
    private static readonly ResourceProfile Profile = ResourceProfile.Default;

    private const string Scenarios = """
        scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
        all-capable,topology,cpus=8,,,,,
        all-capable,class,id=0 type=cache level=3,,,,,
        all-capable,component,class=0 id=0 cpus=0-3,,,,,
        all-capable,component,class=0 id=1 cpus=4-7,,,,,
        all-capable,map,res=L3 class=0 alloc_capable=1,,,,,
        all-capable,setup,,,,,,
        all-capable,online,cpus=0-7,,,,,
        all-capable,offline,cpus=7-0,,,,,
        mba-not-capable,topology,cpus=4,,,,,
        mba-not-capable,class,id=0 type=cache level=3,,,,,
        mba-not-capable,component,class=0 id=0 cpus=0-3,,,,,
        mba-not-capable,class,id=1 type=memory,,,,,
        mba-not-capable,component,class=1 id=1 cpus=0-3,,,,,
        mba-not-capable,map,res=L3 class=0 alloc_capable=1,,,,,
        mba-not-capable,map,res=MBA class=1 alloc_capable=0,,,,,
        mba-not-capable,setup,,,,,,
        mba-not-capable,online,cpu=0,,,,,
        mba-not-capable,offline,cpu=0,,,,,
        """;

    private static RunResult RunWith(ModelVariant referenceVariant, string csv = Scenarios, bool recordEveryStep = false, int recordLimit = StepRecord.RecordLimit)
    {
        var errors = new List<VectorFormatException>();
        var scenarios = VectorFileParser.Parse("review.csv", csv, Profile, errors);
        Assert.That(errors, Is.Empty);
        var runner = new LockstepRunner(new MpamModel(Profile, referenceVariant), new MpamModel(Profile),
            new LockstepOptions(KeepGoing: true, RecordSteps: true, RecordEveryStep: recordEveryStep, RecordLimit: recordLimit));
        var results = scenarios.Select((s, i) => runner.Run(s, i)).ToList();
        return new RunResult(ModelVariantNames.Format(referenceVariant), DateTimeOffset.UnixEpoch, TimeSpan.Zero,
            new RunSubject("p", [], "patch", "model", Profile.Names), results);
    }

    [Test]
    public void IsErrAfterAllocChangesNothingObservable()
    {
        var review = ReviewDiff.Compare("iserr-after-alloc", ["iserr.diff"], RunWith(ModelVariant.Patch), RunWith(ModelVariant.IsErrAfterAlloc));
        Assert.That(review.ChangesBehaviour, Is.False);
        Assert.That(review.Verdict, Is.EqualTo("no observable change on 2 scenarios / 32 steps"));
    }

    [Test]
    public void EarlyAllocCheckChangesTheOnlineOfAResourceThatCannotAllocate()
    {
        var review = ReviewDiff.Compare("early-alloc-check", ["early.diff"], RunWith(ModelVariant.Patch), RunWith(ModelVariant.EarlyAllocCheck));
        Assert.That(review.ChangesBehaviour, Is.True);
        Assert.That(review.Deltas.Select(d => d.Scenario), Has.All.EqualTo("mba-not-capable"), "the all-capable scenario is untouched");

        var online = review.Deltas.First();
        Assert.That((online.Op, online.Args, online.Line), Is.EqualTo(("online", "cpu=0", 18)));
        Assert.That(online.Changes, Has.Some.EqualTo(new ObservableDelta(DeltaKind.ReturnCodes, "rc", "0", "-EINVAL")));
        Assert.That(online.Changes.Select(c => c.Kind), Does.Contain(DeltaKind.Allocations), "the patch's dropped MBA domain is not allocated at all");
        Assert.That(review.Verdict, Does.StartWith("changes behaviour in 2 of 32 steps (return codes: 2"));
    }

    [Test]
    public void TheMarkdownCarriesEachVerdictAndTheStepsBehindIt()
    {
        var b = RunWith(ModelVariant.Patch);
        var md = ReviewMarkdown.Render("seed", [
            ReviewDiff.Compare("iserr-after-alloc", ["iserr.diff"], b, RunWith(ModelVariant.IsErrAfterAlloc)),
            ReviewDiff.Compare("early-alloc-check", ["early.diff"], b, RunWith(ModelVariant.EarlyAllocCheck)),
        ]);
        Assert.That(md, Does.Contain("- **iserr-after-alloc**: no observable change on 2 scenarios / 32 steps; "));
        Assert.That(md, Does.Contain("## early-alloc-check"));
        Assert.That(md, Does.Contain("| `mba-not-capable` (`review.csv:18`) | 8: `online cpu=0` | `rc: 0` | `rc: -EINVAL` |"));
    }

    // 65 CPUs onlined in one row, with MBA mapped but not alloc_capable: under the early check
    // every one of the 65 onlines fails with -EINVAL where the patch returns 0.
    private const string LongRow = """
        scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
        long-row,topology,cpus=65,,,,,
        long-row,class,id=0 type=cache level=3,,,,,
        long-row,component,class=0 id=0 cpus=0-64,,,,,
        long-row,class,id=1 type=memory,,,,,
        long-row,component,class=1 id=1 cpus=0-64,,,,,
        long-row,map,res=L3 class=0 alloc_capable=1,,,,,
        long-row,map,res=MBA class=1 alloc_capable=0,,,,,
        long-row,setup,,,,,,
        long-row,online,cpus=0-64,,,,,
        long-row,num_closid,,,,,,
        """;

    [Test]
    public void AReviewPairsStepsByIndexAcrossARowOfSixtyFiveCpus()
    {
        var review = ReviewDiff.Compare("early-alloc-check", ["early.diff"],
            RunWith(ModelVariant.Patch, LongRow, recordEveryStep: true), RunWith(ModelVariant.EarlyAllocCheck, LongRow, recordEveryStep: true));
        var onlines = review.Deltas.Where(d => d.Op == "online").ToList();
        Assert.That(onlines.Select(d => d.Step), Is.EqualTo(Enumerable.Range(8, 65)), "each of the 65 onlines, at its own step");
        Assert.That(onlines, Has.All.Matches<StepDelta>(d => d!.Changes.Contains(new ObservableDelta(DeltaKind.ReturnCodes, "rc", "0", "-EINVAL"))));
        Assert.That(review.Deltas.Where(d => d.Op == "num_closid").SelectMany(d => d.Changes).Where(c => c.Kind == DeltaKind.ReturnCodes), Is.Empty,
            "num_closid is not paired with an online: its rc is the same on both sides");
        Assert.That(review.Verdict, Does.StartWith("changes behaviour in 66 of 74 steps"));
    }

    [Test]
    public void StepsMissingFromOneRecordAreNotPairedWithOthers()
    {
        // A run that records only a long row's last step (as `run` does) against one that records
        // every step: only the steps both recorded are compared, each with its own index.
        var review = ReviewDiff.Compare("early-alloc-check", ["early.diff"],
            RunWith(ModelVariant.Patch, LongRow), RunWith(ModelVariant.EarlyAllocCheck, LongRow, recordEveryStep: true));
        Assert.That(review.Deltas.Where(d => d.Op == "online").Select(d => d.Step), Is.EqualTo(new[] { 72 }));
        Assert.That(review.Deltas.SelectMany(d => d.Changes).Where(c => c.Kind == DeltaKind.ReturnCodes).Select(c => (c.Base, c.Variant)),
            Is.EqualTo(new[] { ("0", "-EINVAL") }), "no rc of one op is set against another op's");
    }

    [Test]
    public void PastTheRecordLimitOnlyTheStepsBothRunsRecordedAreComparedAndTheVerdictSaysHowMany()
    {
        // By hand, with a record limit of 20: both runs record steps 0-19 and the last, 73. The
        // variant's run (the early check against the patch's model) also fails at every online from
        // step 8 and records its first 32 failures, 8-39: the base recorded none of 20-39. Compared:
        // 0-19 and 73, 21 steps; changed: the onlines among them (8-19, 12) and 73, whose counters
        // still differ (the patch's leaked MBA domains). The row's other 52 onlines are not compared.
        var review = ReviewDiff.Compare("early-alloc-check", ["early.diff"],
            RunWith(ModelVariant.Patch, LongRow, recordEveryStep: true, recordLimit: 20),
            RunWith(ModelVariant.EarlyAllocCheck, LongRow, recordEveryStep: true, recordLimit: 20));
        Assert.That((review.Steps, review.Compared, review.IdenticalSteps), Is.EqualTo((74, 21, 8)));
        Assert.That(review.Deltas.Select(d => d.Step), Is.EqualTo(Enumerable.Range(8, 12).Append(73)));
        Assert.That(review.Verdict, Does.StartWith("changes behaviour in 13 of 21 steps compared, of 74 run (return codes: 12"));
        var md = ReviewMarkdown.Render("seed", [review]);
        Assert.That(md, Does.Contain("8 of the 21 steps compared are identical; the other 53 of the 74 run were past a scenario's record limit"));
    }
}
