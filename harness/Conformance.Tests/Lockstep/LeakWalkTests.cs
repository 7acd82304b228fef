using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Results;
using Conformance.Tests.TestSupport;
using Conformance.Vectors;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// Once something leaked, the sides are asked what changed only: the allocations made since, the
/// frees since, and what holds an allocation only when a list, a held context or a free may have
/// changed it. Every live allocation is walked only when the leak starts, and at a scenario's last step.
/// </summary>
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
    public void WhatLeakedIsAskedAgainOnlyAboutWhatAStepChanged()
    {
        var scenario = OneScenario.Parse(Vector, Profile);
        var (reference, model) = (new CountingSide(new MpamModel(Profile)), new CountingSide(new MpamModel(Profile)));
        var result = new LockstepRunner(reference, model, new LockstepOptions(RecordSteps: false)).Run(scenario, 0);

        Assert.That(result.Outcome, Is.EqualTo(ScenarioOutcome.Conforms));
        Assert.That(result.Findings.Where(f => f.Kind == "leak").Select(f => f.Count), Is.EqualTo(new[] { 12 }), "an MBA domain an online");
        // By hand. Onlining CPU 0 leaks first: every live allocation is walked, and what holds one
        // asked (L3 domain 0's). CPUs 1-11 each allocate an MBA domain: only the allocations after
        // the last token are asked about (11). CPU 6 also lists L3 domain 1: what is held is asked
        // again. Offlining CPU 6 frees L3 domain 1 and unlists it: the frees since are asked, and
        // what is held. The 10 other offlines allocate, free and unlist nothing, except CPU 0's, the
        // last step, which is walked whole (and its holders asked) like every scenario's last.
        var expected = (Whole: 2, After: 11, Frees: 1, Held: 4);
        Assert.That((reference.LeakWalks, reference.LeakWalksAfter, reference.FreeAsks, reference.HeldAsks), Is.EqualTo(expected));
        Assert.That((model.LeakWalks, model.LeakWalksAfter, model.FreeAsks, model.HeldAsks), Is.EqualTo(expected));
    }
}
