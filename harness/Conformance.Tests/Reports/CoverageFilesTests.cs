using Conformance.Coverage;

namespace Conformance.Tests.Reports;

/// <summary>lcov and Cobertura from a coverage measured by hand: their numbers are the console's.</summary>
public sealed class CoverageFilesTests
{
    // f() at lines 10-12: line 10 run twice, line 11 (an if: branches taken 2 and 0 times) twice,
    // line 12 never; g() at line 20, once. Line 30 is a documented exception.
    private static FileCoverage Measured() => new("drivers/resctrl/mpam_resctrl.c", "abc123",
        [
            new LineCoverage(10, 2, [], "f"),
            new LineCoverage(11, 2, [2, 0], "f"),
            new LineCoverage(12, 0, [], "f"),
            new LineCoverage(20, 1, [], "g"),
            new LineCoverage(30, 0, [], "g"),
        ],
        [new CoverageException("abc", 30, 30, "g", "not reachable")]);

    [Test]
    public void LcovHoldsTheCountedLinesBranchesAndFunctions() =>
        Assert.That(CoverageFiles.Lcov(Measured()), Is.EqualTo(
            "TN:conformance\nSF:drivers/resctrl/mpam_resctrl.c\n" +
            "FN:10,f\nFN:20,g\nFNDA:2,f\nFNDA:1,g\nFNF:2\nFNH:2\n" +
            "BRDA:11,0,0,2\nBRDA:11,0,1,0\nBRF:2\nBRH:1\n" +
            "DA:10,2\nDA:11,2\nDA:12,0\nDA:20,1\nLF:4\nLH:3\nend_of_record\n"));

    [Test]
    public void CoberturaHasTheRatesAndEachLine()
    {
        var xml = System.Xml.Linq.XDocument.Parse(CoverageFiles.Cobertura(Measured(), DateTimeOffset.FromUnixTimeSeconds(1000)));
        var root = xml.Root!;
        Assert.That((root.Attribute("lines-covered")!.Value, root.Attribute("lines-valid")!.Value, root.Attribute("line-rate")!.Value),
            Is.EqualTo(("3", "4", "0.75")));
        Assert.That((root.Attribute("branches-covered")!.Value, root.Attribute("branches-valid")!.Value, root.Attribute("branch-rate")!.Value),
            Is.EqualTo(("1", "2", "0.5")));
        var @class = root.Descendants("class").Single();
        Assert.That(@class.Attribute("filename")!.Value, Is.EqualTo("drivers/resctrl/mpam_resctrl.c"));
        Assert.That(root.Descendants("package").Single().Attribute("name")!.Value, Is.EqualTo("drivers.resctrl"));
        var lines = @class.Descendants("line").Select(l => (l.Attribute("number")!.Value, l.Attribute("hits")!.Value,
            l.Attribute("condition-coverage")?.Value)).ToList();
        Assert.That(lines, Is.EqualTo(new (string, string, string?)[] { ("10", "2", null), ("11", "2", "50% (1/2)"), ("12", "0", null), ("20", "1", null) }));
    }
}
