using System.Diagnostics;
using System.Text.Json;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Reports;

/// <summary>
/// What `run` prints to a pipe, as a CI log gets it: the real command in its own process, its
/// output redirected. Plain ASCII, no escape codes, no line cut at any width, a line per
/// scenario; --json and --ktap put one document on standard output and nothing else.
/// </summary>
public sealed class ConsoleOutputTests : TempDirectoryTest
{
    private (int Exit, string Out, string Error) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root };
        foreach (var a in new[] { typeof(Program).Assembly.Location, "run", "--patch", RepoPaths.Seed, "--vectors", "vectors/seed/review/*.csv",
                     "--reports", TempDir }.Concat(args))
            start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "40";                      // a narrow terminal's width must not wrap a pipe
        start.Environment.Remove("CI");
        return ChildProcess.Run(start, TimeSpan.FromMinutes(2), "run");
    }

    [Test]
    public void APipeGetsPlainUnwrappedLinesOnePerScenario()
    {
        var (exit, output, error) = Run();
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        var all = output + error;
        Assert.That(all, Does.Not.Contain("\u001b"), "no escape codes");
        Assert.That(all.Where(c => c > 127), Is.Empty, "ASCII only: no box-drawing characters");
        var progress = error.Split('\n').Where(l => l.StartsWith('[')).ToList();
        // One whole line per scenario as it finishes, each naming its own (workers run side by
        // side, so either may finish first; the rate at the end varies).
        Assert.That(progress, Has.Count.EqualTo(2));
        Assert.That(progress.Select(l => l[..6]), Is.EquivalentTo(new[] { "[1/2] ", "[2/2] " }));
        Assert.That(progress.Select(l => l[6..]), Has.Some.StartsWith("vectors/seed/review/suggestions.csv:4 mba-cannot-alloc: Conforms, 12 steps, 3 findings")
            .And.Some.StartsWith("vectors/seed/review/suggestions.csv:17 all-capable: Conforms, 12 steps, 1 findings"));
        Assert.That(error, Does.Contain("conformance: C and model agree on all 24 steps; the patch leaks, WARNs and breaks a lockdep, RCU, KASAN or list-debug rule: 4 findings."),
            "the headline on one line, longer than COLUMNS");
    }

    [Test]
    public void QuietSaysOnlyTheHeadline()
    {
        var (exit, output, error) = Run("-q");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(error.Split('\n').Where(l => l.StartsWith('[')), Is.Empty);
        Assert.That((output + error).Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(), Does.StartWith("conformance: C and model agree"));
    }

    [Test]
    public void JsonPutsTheSummaryAloneOnStandardOutput()
    {
        var (exit, output, error) = Run("--json");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("totals").GetProperty("steps").GetInt32(), Is.EqualTo(24));
        Assert.That(error, Does.Contain("Reports:"), "what is said for people goes to standard error");
    }

    [Test]
    public void KtapIsOneTestPerScenario()
    {
        var (exit, output, error) = Run("--ktap");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.That(lines[..2], Is.EqualTo(new[] { "KTAP version 1", "1..2" }));
        Assert.That(lines.Where(l => !l.StartsWith("# ", StringComparison.Ordinal)).Skip(2), Is.EqualTo(new[] { "ok 1 mba-cannot-alloc", "ok 2 all-capable" }),
            "every other line a diagnostic");
        Assert.That(lines, Does.Contain("# leak: Memory mpam_resctrl_alloc_domain() allocates for MBA is neither on a list nor freed: leaked. (drivers/resctrl/mpam_resctrl.c:173: mpam_resctrl_alloc_domain())"));
    }

    [Test]
    public void JsonAndKtapTogetherAreAUsageError()
    {
        var (exit, _, error) = Run("--json", "--ktap");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("--json and --ktap both given"));
    }
}
