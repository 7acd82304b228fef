using Conformance.Lockstep;
using Conformance.Observation;

namespace Conformance.Tests.Lockstep;

/// <summary>What one step's rule reports become: one raw finding per run of the same report, counting its repeats.</summary>
public sealed class StepFindingsTests
{
    private static RuleReportObservation Report(RuleKind kind, string function, uint seq, bool printed = true) =>
        new() { Kind = kind, Function = function, Detail = "", Seq = seq, Printed = printed };

    private static List<RawFinding> Collect(StepFindings findings, params RuleReportObservation[] reports)
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        s.Step.Begin(RcKind.Status);
        foreach (var r in reports)
            s.Step.RuleReports.Add(r);
        var into = new List<RawFinding>();
        findings.Collect(s, into);
        return into;
    }

    [Test]
    public void TheSameReportTwiceInAStepIsOneFindingCountedTwice()
    {
        var raw = Collect(new StepFindings(),
            Report(RuleKind.RcuListUnprotected, "walk", 1), Report(RuleKind.RcuListUnprotected, "walk", 2));
        Assert.That(raw, Has.Count.EqualTo(1));
        Assert.That(raw[0].Key, Is.EqualTo("rule:RcuListUnprotected:walk"));
        Assert.That(raw[0].Count, Is.EqualTo(2));
        Assert.That(raw[0].Event, Is.True);
    }

    [Test]
    public void AnotherReportBetweenTwoAlikeKeepsThemApartAndInOrder()
    {
        var raw = Collect(new StepFindings(),
            Report(RuleKind.RcuListUnprotected, "walk", 1), Report(RuleKind.LockNotHeld, "walk", 2),
            Report(RuleKind.RcuListUnprotected, "walk", 3));
        Assert.That(raw.Select(f => (f.Key, f.Count)), Is.EqualTo(new[]
        {
            ("rule:RcuListUnprotected:walk", 1), ("rule:LockNotHeld:walk", 1), ("rule:RcuListUnprotected:walk", 1),
        }));
    }

    // Printed and not printed read differently (the sentence says which): alike only in kind and function, they stay two.
    [Test]
    public void ReportsThatReadDifferentlyAreNotMerged()
    {
        var raw = Collect(new StepFindings(),
            Report(RuleKind.LockNotHeld, "walk", 1, printed: true), Report(RuleKind.LockNotHeld, "walk", 2, printed: false));
        Assert.That(raw, Has.Count.EqualTo(2));
        Assert.That(raw[0].Text, Is.Not.EqualTo(raw[1].Text));
    }

    // The report the step before ended on starts this step afresh: a count is of this step's reports only.
    [Test]
    public void EachStepCountsItsOwnReports()
    {
        var findings = new StepFindings();
        Collect(findings, Report(RuleKind.RcuListUnprotected, "walk", 1), Report(RuleKind.RcuListUnprotected, "walk", 2));
        var next = Collect(findings, Report(RuleKind.RcuListUnprotected, "walk", 3), Report(RuleKind.RcuListUnprotected, "walk", 4),
            Report(RuleKind.RcuListUnprotected, "walk", 5));
        Assert.That(next.Select(f => f.Count), Is.EqualTo(new[] { 3 }));
    }
}
