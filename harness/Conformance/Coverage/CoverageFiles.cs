using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace Conformance.Coverage;

/// <summary>
/// Coverage for the tools CI already has: an lcov tracefile (genhtml, Codecov, GitLab's and
/// GitHub's coverage actions) and a Cobertura XML file (GitLab's merge request view, Jenkins).
/// Both hold the lines the totals count: documented exceptions, and with a scope the functions
/// no model renders, are left out, so their numbers are the console's.
/// </summary>
public static class CoverageFiles
{
    public static string Lcov(FileCoverage c)
    {
        var lcov = new StringBuilder();
        lcov.Append("TN:conformance\n").Append($"SF:{c.File}\n");
        var counted = c.Counted.ToList();
        var functions = counted.Where(l => l.Function.Length > 0).GroupBy(l => l.Function).Select(g => g.MinBy(l => l.Line)!).OrderBy(l => l.Line).ToList();
        foreach (var f in functions)
            lcov.Append($"FN:{f.Line},{f.Function}\n");
        foreach (var f in functions)
            lcov.Append($"FNDA:{f.Count},{f.Function}\n");
        lcov.Append($"FNF:{functions.Count}\nFNH:{functions.Count(f => f.Count > 0)}\n");
        foreach (var line in counted)
            for (int b = 0; b < line.Branches.Count; b++)
                lcov.Append($"BRDA:{line.Line},0,{b},{(line.Count == 0 ? "-" : line.Branches[b].ToString(CultureInfo.InvariantCulture))}\n");
        lcov.Append($"BRF:{c.BranchesTotal}\nBRH:{c.BranchesTaken}\n");
        foreach (var line in counted)
            lcov.Append($"DA:{line.Line},{line.Count}\n");
        lcov.Append($"LF:{c.LinesTotal}\nLH:{c.LinesHit}\nend_of_record\n");
        return lcov.ToString();
    }

    public static string Cobertura(FileCoverage c, DateTimeOffset when)
    {
        string Rate(int part, int whole) => (whole == 0 ? 1.0 : (double)part / whole).ToString("0.####", CultureInfo.InvariantCulture);
        var directory = Path.GetDirectoryName(c.File)!.Replace('/', '.');
        var lines = new XElement("lines", c.Counted.Select(l =>
        {
            var line = new XElement("line", new XAttribute("number", l.Line), new XAttribute("hits", l.Count),
                new XAttribute("branch", l.Branches.Count > 0 ? "true" : "false"));
            if (l.Branches.Count > 0)
            {
                int taken = l.Branches.Count(b => b > 0);
                line.Add(new XAttribute("condition-coverage",
                    $"{(int)Math.Round(FileCoverage.Percent(taken, l.Branches.Count))}% ({taken}/{l.Branches.Count})"));
            }
            return line;
        }));
        var rates = new object[]
        {
            new XAttribute("line-rate", Rate(c.LinesHit, c.LinesTotal)), new XAttribute("branch-rate", Rate(c.BranchesTaken, c.BranchesTotal)),
            new XAttribute("complexity", 0),
        };
        var document = new XDocument(
            new XElement("coverage", rates,
                new XAttribute("lines-covered", c.LinesHit), new XAttribute("lines-valid", c.LinesTotal),
                new XAttribute("branches-covered", c.BranchesTaken), new XAttribute("branches-valid", c.BranchesTotal),
                new XAttribute("version", "conformance"), new XAttribute("timestamp", when.ToUnixTimeSeconds()),
                new XElement("sources", new XElement("source", ".")),
                new XElement("packages",
                    new XElement("package", new XAttribute("name", directory), rates,
                        new XElement("classes",
                            new XElement("class", new XAttribute("name", Path.GetFileName(c.File)), new XAttribute("filename", c.File), rates,
                                new XElement("methods"), lines))))));
        return document.Declaration is null ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + document + "\n" : document.ToString();
    }
}
