using System.Text.RegularExpressions;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Catalogue;

/// <summary>
/// Runs every case of <see cref="BadInputCatalogue"/> through the command's entry point: the
/// exit code, a message naming the file, line and what was expected, never a .NET stack
/// trace, and the case's folder exactly as it was but for what a successful case may create.
/// </summary>
public sealed partial class BadInputTests : TempDirectoryTest
{
    private static IEnumerable<BadInputCase> Cases() => BadInputCatalogue.Cases();

    [Test]
    public void TheCatalogueHoldsAtLeastSixtyCases() =>
        Assert.That(Cases().Count(c => c.Exit == Cli.ExitCodes.BadInput), Is.GreaterThanOrEqualTo(60));

    [TestCaseSource(nameof(Cases))]
    public void GivesItsExitCodeAndMessageAndChangesNothing(BadInputCase c)
    {
        var folder = new CaseFolder(TempDir);
        var args = c.Setup(folder);
        var before = Kept(folder.Snapshot(), c);

        var (exit, output, error) = WithEnvironment(c.Environment?.Replace("{d}", TempDir), () => ConsoleCapture.Run(TempDir, args));
        var said = output + error;

        Assert.That(exit, Is.EqualTo(c.Exit), said);
        foreach (var fragment in c.MessageHolds)
            Assert.That(said, Does.Contain(fragment.Replace("{d}", TempDir)), "the message names the file, the line and what was expected");
        Assert.That(StackTraceLine().IsMatch(said), Is.False, "no .NET stack trace reaches the user");
        Assert.That(said, Does.Not.Contain("Unhandled exception"));
        Assert.That(Kept(folder.Snapshot(), c), Is.EqualTo(before), "nothing outside what the case may create changed");
    }

    private static List<string> Kept(IReadOnlyList<string> snapshot, BadInputCase c) =>
        snapshot.Where(e => !(c.MayCreate ?? []).Any(p => e == p + "/" || e.StartsWith(p + "/", StringComparison.Ordinal) || e.StartsWith(p + " ", StringComparison.Ordinal))).ToList();

    private static T WithEnvironment<T>(string? assignment, Func<T> action)
    {
        if (assignment is null)
            return action();
        var name = assignment[..assignment.IndexOf('=')];
        var saved = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, assignment[(name.Length + 1)..]);
        try { return action(); }
        finally { Environment.SetEnvironmentVariable(name, saved); }
    }

    [GeneratedRegex(@"^\s+at \S+.*\)", RegexOptions.Multiline)]
    private static partial Regex StackTraceLine();
}
