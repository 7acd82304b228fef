using System.Text.Json;
using Conformance.Mutation;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Mutation;

/// <summary>A survivor that vectors/README.md explains (an unreachable line, an equivalent mutant) says why; the others are what to look at.</summary>
public sealed class SurvivorNotesTests : TempDirectoryTest
{
    private const string Readme = """
        # Vectors

        ## Unreachable lines

        | blob | lines | function | reason |
        | --- | --- | --- | --- |
        | `a9938006d0e6` | 40-42 | f | its caller never passes NULL |

        ## Equivalent mutants

        | blob | line | edit | reason |
        | --- | --- | --- | --- |
        | `a9938006d0e6` | 7 | the call to guard() is dropped | the caller holds the same SRCU reader |
        | `a9938006d0e6` | 9 | && becomes \|\| | both operands are always true together |
        """;

    private SurvivorNotes Notes(string text = Readme)
    {
        var path = Path.Combine(TempDir, "README.md");
        File.WriteAllText(path, text);
        return SurvivorNotes.Read(path);
    }

    private static Mutant At(int line, string description) => new(line, "op", line, "a", "b", description, "f");

    [Test]
    public void AnEquivalentMutantIsKnownByItsLineAndEditAndAnUnreachableLineByItsLineAlone()
    {
        var notes = Notes();
        const string blob = "a9938006d0e6ec5532adb185d9bb15437cce076b";
        Assert.That(notes.For(blob, At(7, "the call to guard() is dropped")), Is.EqualTo("equivalent: the caller holds the same SRCU reader"));
        Assert.That(notes.For(blob, At(9, "&& becomes ||")), Is.EqualTo("equivalent: both operands are always true together"), "an escaped pipe is a pipe");
        Assert.That(notes.For(blob, At(7, "the call to INIT_LIST_HEAD() is dropped")), Is.Null, "another edit of the same line is not documented");
        Assert.That(notes.For(blob, At(41, "== becomes !=")), Is.EqualTo("unreachable: its caller never passes NULL"));
        Assert.That(notes.For("2331e6ddb8140000", At(41, "== becomes !=")), Is.Null, "another version of the file inherits nothing");
        Assert.That(SurvivorNotes.Read(Path.Combine(TempDir, "none.md")).For(blob, At(41, "x")), Is.Null, "no README, no notes");
    }

    [Test]
    public void ARowItCannotReadNamesItsLine()
    {
        var error = Assert.Throws<FormatException>(() => Notes(Readme + "\n| `a9938006d0e6` | seven | the call to guard() is dropped | why |\n"));
        Assert.That(error!.Message, Does.EndWith("README.md:15: expected | `blob` | line | the mutant's edit | reason |"));
    }

    [Test]
    public void TheReportCountsTheExplainedSurvivorsAndListsTheOthersFirst()
    {
        MutantResult Survivor(int line, string? note) => new(At(line, $"edit {line}"), MutantFate.Survived, "all pass", note);
        var run = new MutationResults("p", "0123456789abcdef", 1, 1, 4,
        [
            Survivor(3, "unreachable: never NULL"), Survivor(5, "equivalent: same reader"), Survivor(8, null),
            new MutantResult(At(9, "edit 9"), MutantFate.Killed, "s: Diverged"),
        ], []);
        Assert.That(MutationReport.Headline(run), Is.EqualTo("mutation score 25.0%: the suite kills 1 of 4 mutants that build; 3 survive " +
                                                             "(1 on lines vectors/README.md documents as unreachable, 1 documented as equivalent, 1 to look at)."));
        var md = MutationReport.Markdown(run);
        Assert.That(md.IndexOf("- line 8 (", StringComparison.Ordinal), Is.LessThan(md.IndexOf("- line 3 (", StringComparison.Ordinal)),
            "the survivor nothing explains comes first");
        Assert.That(md, Does.Contain("- line 5 (op, in f()): edit 5. Documented equivalent: same reader"));
        using var json = JsonDocument.Parse(MutationReport.Json(run));
        Assert.That(json.RootElement.GetProperty("mutants")[0].GetProperty("note").GetString(), Is.EqualTo("unreachable: never NULL"));
        var folder = Directory.CreateDirectory(Path.Combine(TempDir, "m")).FullName;
        File.WriteAllText(Path.Combine(folder, MutationReport.FileName), MutationReport.Json(run));
        Assert.That(MutationReport.Read(folder).Results.Select(r => r.Note), Is.EqualTo(new[] { "unreachable: never NULL", "equivalent: same reader", null, null }),
            "a merge reads them back");
    }
}
