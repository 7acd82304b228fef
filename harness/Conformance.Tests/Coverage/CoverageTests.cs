using System.Diagnostics;
using Conformance.Coverage;

namespace Conformance.Tests.Coverage;

/// <summary>gcov's real output for a small C file included into another, as the patch's file is into the glue.</summary>
public sealed class CoverageTests
{
    private string _dir = "";

    [SetUp]
    public void Build()
    {
        _dir = Directory.CreateTempSubdirectory("coverage-test-").FullName;
        Directory.CreateDirectory(Path.Combine(_dir, "drivers"));
        File.WriteAllText(Path.Combine(_dir, "drivers", "unit.c"), """
            static int classify(int x)
            {
            	if (x > 2 && x < 10)
            		return 1;
            	return 0;
            }

            static int never(void)
            {
            	return 7;
            }
            """.Replace("\r", ""));
        File.WriteAllText(Path.Combine(_dir, "glue.c"), """
            #include "drivers/unit.c"
            int main(int argc, char **argv) { (void)argv; (void)never; return classify(argc + 3); }
            """);
        Run("gcc", "--coverage", "-O0", "-o", "glue", "glue.c");
        Run(Path.Combine(_dir, "glue"), expectExit: 1);
    }

    [TearDown]
    public void Remove() => Directory.Delete(_dir, recursive: true);

    private void Run(string program, params string[] args) => Run(program, 0, args);

    private void Run(string program, int expectExit, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = _dir, UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.EqualTo(expectExit), err);
    }

    [Test]
    public void ReadsCountsAndBranchesOfTheIncludedFileOnly()
    {
        var lines = GcovReport.LinesOf(GcovRunner.JsonFor(_dir), "drivers/unit.c");
        var byLine = lines.ToDictionary(l => l.Line);
        Assert.That(byLine[3].Count, Is.EqualTo(1));
        Assert.That(byLine[3].Branches, Has.Count.EqualTo(4), "two conditions, two ways each");
        Assert.That(byLine[3].Branches.Count(b => b > 0), Is.EqualTo(2), "x=4: both conditions true");
        Assert.That(byLine[5].Count, Is.EqualTo(0), "return 0 never ran");
        Assert.That(byLine[10].Count, Is.EqualTo(0));
        Assert.That(lines.Select(l => l.Function).Distinct(), Is.EquivalentTo(new[] { "classify", "never" }));
    }

    [Test]
    public void EachFunctionHasItsShareInTheFilesOrder()
    {
        var coverage = new FileCoverage("drivers/unit.c", "0000000", GcovReport.LinesOf(GcovRunner.JsonFor(_dir), "drivers/unit.c"), []);
        var functions = coverage.ByFunction();
        Assert.That(functions.Select(f => f.Function), Is.EqualTo(new[] { "classify", "never" }));
        var classify = functions[0];
        // classify(4): both conditions true, so their false ways and "return 0" are never taken.
        Assert.That((classify.BranchesTaken, classify.BranchesTotal), Is.EqualTo((2, 4)));
        Assert.That(classify.LinesHit, Is.LessThan(classify.LinesTotal));
        Assert.That(functions[1].LinesHit, Is.Zero, "never() is never called");
        Assert.That(functions[1].LinesTotal, Is.GreaterThan(0));
        Assert.That(functions.Sum(f => f.LinesTotal), Is.EqualTo(coverage.LinesTotal), "every line belongs to one function");
    }

    [Test]
    public void ExceptionsTakeLinesOutOnlyForTheirBlob()
    {
        var lines = GcovReport.LinesOf(GcovRunner.JsonFor(_dir), "drivers/unit.c");
        var readme = Path.Combine(_dir, "README.md");
        File.WriteAllText(readme, """
            # Vectors
            ## Unreachable lines
            | blob | lines | function | reason |
            | --- | --- | --- | --- |
            | `abc1234` | 8-11 | never | nothing calls it |
            ## Next section
            | `ffff000` | 1 | ignored | not in the section |
            """);
        var exceptions = CoverageExceptions.Read(readme);
        Assert.That(exceptions, Has.Count.EqualTo(1));

        var mine = new FileCoverage("drivers/unit.c", "abc1234deadbeef", lines, exceptions);
        var other = new FileCoverage("drivers/unit.c", "0000000", lines, exceptions);
        Assert.That(mine.MissedLines.Select(l => l.Line), Is.EqualTo(new[] { 5 }));
        // gcov counts an uncalled function's opening line (8) as well as its body (10).
        Assert.That(other.MissedLines.Select(l => l.Line), Is.EqualTo(new[] { 5, 8, 10 }));
        Assert.That(mine.Complete, Is.False);
        Assert.That(mine.BranchesTaken, Is.EqualTo(2));
    }

    [Test]
    public void AMalformedExceptionRowNamesTheLine()
    {
        var readme = Path.Combine(_dir, "README.md");
        File.WriteAllText(readme, "## Unreachable lines\n| `abc1234` | many | f | r |\n");
        var e = Assert.Throws<FormatException>(() => CoverageExceptions.Read(readme))!;
        Assert.That(e.Message, Does.StartWith($"{readme}:2: expected"));
    }
}
