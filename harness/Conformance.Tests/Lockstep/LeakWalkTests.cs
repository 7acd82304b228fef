using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Results;
using Conformance.Tests.TestSupport;
using Conformance.Vectors;

namespace Conformance.Tests.Lockstep;

/// <summary>Once something leaked, the sides are asked which allocations leaked only when an allocation, a free or a list's members changed; of the new allocations only, when nothing else did.</summary>
public sealed class LeakWalkTests
{
    private static readonly ResourceProfile Profile = ResourceProfile.Default;

    // MBA is not alloc_capable: its domain is listed nowhere, so no online finds it and each
    // allocates another (the seed's leak). L3 domains: 0 for CPUs 0-5, 1 for 6-11.
    private const string Vector = TwelveCpuRows.WithUnlistedMba + """
        s,online,cpus=0-11,,,,,
        s,offline,cpus=11-0,,,,,
        """;

    [Test]
    public void WhatLeakedIsAskedAgainOnlyWhenAnAllocationAFreeOrAListChangedAndOfANewAllocationOnly()
    {
        var errors = new List<VectorFormatException>();
        var scenario = VectorFileParser.Parse("v.csv", Vector, Profile, errors).Single();
        Assert.That(errors, Is.Empty);
        var (reference, model) = (new CountingSide(new MpamModel(Profile)), new CountingSide(new MpamModel(Profile)));
        var result = new LockstepRunner(reference, model, new LockstepOptions(RecordSteps: false)).Run(scenario, 0);

        Assert.That(result.Outcome, Is.EqualTo(ScenarioOutcome.Conforms));
        Assert.That(result.Findings.Where(f => f.Kind == "leak").Select(f => f.Count), Is.EqualTo(new[] { 12 }), "an MBA domain an online");
        // By hand. Onlining CPU 0 leaks first: every live allocation is asked about. CPUs 1-5 and
        // 7-11 each allocate an MBA domain and change no list: only that allocation is (10 asks
        // after a token). CPU 6 also lists L3 domain 1, offlining CPU 6 frees it and CPU 0, the
        // last step, domain 0: each a whole walk again (4 in all). The 10 other offlines allocate,
        // free and unlist nothing: the last answer holds.
        Assert.That((reference.LeakWalks, reference.LeakWalksAfter), Is.EqualTo((4, 10)));
        Assert.That((model.LeakWalks, model.LeakWalksAfter), Is.EqualTo((4, 10)));
    }
}
