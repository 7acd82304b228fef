using Conformance.Coverage;

namespace Conformance.Tests.Coverage;

/// <summary>A revision larger than its model is held to the functions the model renders, exceptions still taken out.</summary>
public sealed class CoverageScopeTests
{
    private static readonly LineCoverage[] Lines =
    [
        new(10, 3, [1, 2], "modelled"),
        new(11, 0, [], "modelled"),
        new(20, 0, [0, 0], "not_modelled"),
    ];

    [Test]
    public void WithoutAScopeEveryLineCounts()
    {
        var c = new FileCoverage("f.c", "abc123", Lines, []);
        Assert.That((c.LinesHit, c.LinesTotal, c.BranchesTaken, c.BranchesTotal), Is.EqualTo((1, 3, 2, 4)));
        Assert.That(c.Complete, Is.False);
    }

    [Test]
    public void AScopeCountsOnlyItsFunctions()
    {
        var c = new FileCoverage("f.c", "abc123", Lines, [], new HashSet<string> { "modelled" });
        Assert.That((c.LinesHit, c.LinesTotal, c.BranchesTaken, c.BranchesTotal), Is.EqualTo((1, 2, 2, 2)));
        Assert.That(c.MissedLines.Select(l => l.Line), Is.EqualTo(new[] { 11 }), "line 20 is not the model's");
        Assert.That(c.ByFunction().Select(f => f.Function), Is.EqualTo(new[] { "modelled", "not_modelled" }), "the table still lists every function");
    }

    [Test]
    public void AScopeAndAnExceptionTogetherCanComplete()
    {
        var c = new FileCoverage("f.c", "abc123", Lines, [new CoverageException("abc", 11, 11, "modelled", "why")], new HashSet<string> { "modelled" });
        Assert.That(c.Complete, Is.True);
    }
}
