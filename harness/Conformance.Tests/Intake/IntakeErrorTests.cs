using Conformance.Tests.TestSupport;
using Conformance.Intake;

namespace Conformance.Tests.Intake;

/// <summary>Every kind of bad input: a clear message with file, line and what was expected, and nothing written.</summary>
public sealed class IntakeErrorTests : TempDirectoryTest
{

    private string Out => Path.Combine(TempDir, "out");

    private IntakeException Refused(string text, params string[] fixes)
    {
        var path = Path.Combine(TempDir, "input.diff");
        File.WriteAllText(path, text);
        var e = Assert.Throws<IntakeException>(() => PatchIntake.Extract(new PatchSource(path, null), fixes, Out))!;
        Assert.That(Directory.Exists(Out), Is.False, "nothing is written for bad input");
        Assert.That(Directory.GetDirectories(TempDir), Is.Empty, "no staging folder is left behind");
        Assert.That(e.File, Is.EqualTo(path).Or.EqualTo(fixes.FirstOrDefault()));
        return e;
    }

    private static string Lines(string text, Func<string[], IEnumerable<string>> edit) =>
        string.Join('\n', edit(text.TrimEnd('\n').Split('\n'))) + "\n";

    [Test]
    public void ATruncatedHunkNamesTheHunk()
    {
        var e = Refused(Lines(SyntheticPatches.CreatingDiff(), l => l.Take(l.Length - 2)));
        Assert.That(e.Message, Does.Contain("hunk @@ -0,0 +1,9 @@").And.Contain("truncated"));
    }

    [Test]
    public void AnElidedLineIsCaughtByTheCounts()
    {
        // One added line gone and prose in its place: the counts no longer add up.
        var diff = SyntheticPatches.CreatingDiff().Replace("+static int widgets;\n", "[...]\n");
        var e = Refused(diff);
        Assert.That(e.Line, Is.EqualTo(19), "the line where '+static int widgets;' should have been");
        Assert.That(e.Expected, Does.StartWith("a ' ', '+' or '-' line of hunk @@ -0,0 +1,9 @@"));
    }

    [Test]
    public void AnAlteredLineFailsTheBlobId()
    {
        var e = Refused(SyntheticPatches.CreatingDiff().Replace("+\treturn widgets;", "+\treturn  widgets;"));
        Assert.That(e.Expected, Does.Contain("git blob id").And.Contain("altered in transit"));
    }

    [Test]
    public void ADiffThatDoesNotTouchTheFile() =>
        Assert.That(Refused("--- a/README\n+++ b/README\n@@ -1,1 +1,1 @@\n-a\n+b\n").Expected,
            Does.Contain("a diff that creates or changes drivers/resctrl/mpam_resctrl.c"));

    [TestCase("+++ /etc/passwd")]
    [TestCase("+++ b/drivers/../../outside.c")]
    public void APathOutsideTheTree(string newPathLine)
    {
        var e = Refused($"--- /dev/null\n{newPathLine}\n@@ -0,0 +1,1 @@\n+x\n");
        Assert.That(e.Expected, Does.StartWith("a relative path inside the tree"));
        Assert.That(e.Line, Is.EqualTo(2));
    }

    [Test]
    public void ABinaryDiff() =>
        Assert.That(Refused("diff --git a/x.bin b/x.bin\nindex 1..2 100644\nGIT binary patch\nliteral 3\nabc\n").Expected,
            Is.EqualTo("a text diff, not a binary one"));

    [Test]
    public void AFixThatDoesNotApplyNamesTheHunkAndTheLine()
    {
        var patch = Path.Combine(TempDir, "input.diff");
        File.WriteAllText(patch, SyntheticPatches.CreatingDiff());
        var fix = Path.Combine(TempDir, "fix.diff");
        File.WriteAllText(fix, SyntheticPatches.ChangingDiff().Replace("-\treturn widgets;", "-\treturn gadgets;"));
        var e = Assert.Throws<IntakeException>(() => PatchIntake.Extract(new PatchSource(patch, null), [fix], Out))!;
        Assert.That(e.File, Is.EqualTo(fix));
        Assert.That(e.Line, Is.EqualTo(7));
        Assert.That(e.Expected, Does.Contain("hunk @@ -7,3 +7,3 @@").And.Contain("should be '\treturn gadgets;' but is '\treturn widgets;'"));
        Assert.That(Directory.Exists(Out), Is.False);
    }

    [Test]
    public void AnOversizedInput()
    {
        var path = Path.Combine(TempDir, "huge.diff");
        using (var f = File.Create(path))
            f.SetLength(PatchIntake.MaxInputBytes + 1);
        var e = Assert.Throws<IntakeException>(() => PatchIntake.Extract(new PatchSource(path, null), [], Out))!;
        Assert.That(e.Expected, Does.StartWith("at most 64 MiB of input"));
    }

    [Test]
    public void AMissingFile()
    {
        var e = Assert.Throws<IntakeException>(() => PatchIntake.Extract(new PatchSource(Path.Combine(TempDir, "nope"), null), [], Out))!;
        Assert.That(e.Message, Does.EndWith("nope: expected an existing, readable file"));
    }

    [Test]
    public void AnExistingOutputFolderSurvivesBadInput()
    {
        Directory.CreateDirectory(Out);
        File.WriteAllText(Path.Combine(Out, "keep.txt"), "mine");
        var path = Path.Combine(TempDir, "input.diff");
        File.WriteAllText(path, "not a diff\n");
        Assert.Throws<IntakeException>(() => PatchIntake.Extract(new PatchSource(path, null), [], Out));
        Assert.That(File.ReadAllText(Path.Combine(Out, "keep.txt")), Is.EqualTo("mine"));
    }
}
