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

    private static RunResult RunWith(ModelVariant referenceVariant)
    {
        var errors = new List<VectorFormatException>();
        var scenarios = VectorFileParser.Parse("review.csv", Scenarios, Profile, errors);
        Assert.That(errors, Is.Empty);
        var runner = new LockstepRunner(new MpamModel(Profile, referenceVariant), new MpamModel(Profile),
            new LockstepOptions(KeepGoing: true, RecordSteps: true));
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
        Assert.That(md, Does.Contain("- **iserr-after-alloc**: no observable change on 2 scenarios / 32 steps."));
        Assert.That(md, Does.Contain("## early-alloc-check"));
        Assert.That(md, Does.Contain("| `mba-not-capable` (`review.csv:18`) | 8: `online cpu=0` | `rc: 0` | `rc: -EINVAL` |"));
    }
}
