using Conformance.Cli;
using Conformance.Reports;
using Conformance.Results;

namespace Conformance.Tests.Reports;

/// <summary>What a reviewer pastes: the headline, summary.txt at 72 columns with the patch's line quoted, and --fail-on.</summary>
public sealed class ReplyTextTests
{
    private static RunResult Run(params Finding[] findings)
    {
        var scenario = new ScenarioResult("uncovered-cpu", "vectors/seed/model-basics/failures.csv", 14, ScenarioOutcome.Conforms, 6, 6, null, [],
            findings, [], TimeSpan.Zero);
        return new RunResult("r1", DateTimeOffset.Now, TimeSpan.Zero, new RunSubject("seed.txt", [], "patch", "lib", ["L3", "L2", "MBA", "SMBA", "PERF_PKG"]), [scenario]);
    }

    private static readonly Finding Warn = new(4, 19, FindingSide.Both, "WARN",
        "mpam_resctrl_alloc_domain() WARNs: its condition `!ctrl_comp` was true.", "mpam_resctrl_alloc_domain", "WARN*(!ctrl_comp)",
        "mpam_resctrl.c:179", "if (WARN_ON_ONCE(!ctrl_comp))");

    private static readonly Finding Leak = new(5, 20, FindingSide.Both, "leak", "1 allocation(s) from kzalloc_node() are live but held by no listed domain.");

    [TestCase(false, "It grows at line 19: online cpu=1; line 19: online cpu=2.")]
    [TestCase(true, "It grows at line 19: online cpu=1; line 19: online cpu=2 and on.")]
    public void HowAFindingGrewSaysAndOnOnlyWhenItGrewAtMoreSteps(bool grewAtMore, string expected)
    {
        // Counted eight times at the two steps named (two walks each, say): the count is not the steps.
        var grown = Warn with { Count = 8, GrewAt = ["line 19: online cpu=1", "line 19: online cpu=2"], GrewAtMore = grewAtMore };
        Assert.That(FindingGroups.Growth(FindingGroups.Of(Run(grown)).Single()), Is.EqualTo(expected));
    }

    [Test]
    public void TheVerdictOfOneScenarioSaysOneScenario()
    {
        var run = Run(Warn);
        Assert.That(HtmlReport.Render(run), Does.Contain("Conforms: 6 steps in 1 scenario agree."));
        Assert.That(MarkdownSummary.Render(run), Does.Contain("agree on every observable of 6 steps in 1 scenario."));
        Assert.That(FindingCategories.Headline(run), Does.EndWith(": 1 finding."));
    }

    [Test]
    public void TheHeadlineSaysAgreementAndWhatThePatchDoes()
    {
        Assert.That(FindingCategories.Headline(Run()), Is.EqualTo("C and model agree on all 6 steps; no finding."));
        Assert.That(FindingCategories.Headline(Run(Warn, Leak)), Is.EqualTo("C and model agree on all 6 steps; the patch leaks and WARNs: 2 findings."));
    }

    [Test]
    public void TheHeadlineIsInSummaryJsonAndTheHtmlToo()
    {
        var run = Run(Warn, Leak);
        using var json = System.Text.Json.JsonDocument.Parse(SummaryJson.Render(run));
        Assert.That(json.RootElement.GetProperty("headline").GetString(), Is.EqualTo(FindingCategories.Headline(run)));
        var finding = json.RootElement.GetProperty("scenarios")[0].GetProperty("findings")[0];
        Assert.That(finding.GetProperty("where").GetString(), Is.EqualTo("mpam_resctrl.c:179"));
        Assert.That(HtmlReport.Render(run), Does.Contain("the patch leaks and WARNs: 2 findings."));
    }

    [Test]
    public void FailOnPicksTheNamedKindsOnly()
    {
        var run = Run(Warn, Leak);
        Assert.That(FindingCategories.Failing(run, FailOnOption.Check("leak")), Is.EqualTo(new[] { Leak }));
        Assert.That(FindingCategories.Failing(run, FailOnOption.Check("rule,invariant")), Is.Empty);
        Assert.That(FindingCategories.Failing(run, FailOnOption.Check(null)), Is.Empty, "without --fail-on nothing fails on findings");
        var e = Assert.Throws<UsageException>(() => FailOnOption.Check("leak,leaks"));
        Assert.That(e!.Message, Does.Contain("got 'leaks'"));
    }

    [Test]
    public void AReviewFailsOnRegressionsOrOnKindsOfFindingAFixAdds()
    {
        Assert.That(FailOnOption.Check("regression,leak", FailOnOption.ForReview), Is.EquivalentTo(new[] { "regression", "leak" }));
        Assert.Throws<UsageException>(() => FailOnOption.Check("regression"), "a run has no regressions to fail on");
        var (exit, _, error) = TestSupport.ConsoleCapture.Run(TestSupport.RepoPaths.Root, "review", "--patch", TestSupport.RepoPaths.Seed,
            "--fix", TestSupport.RepoPaths.Fix("iserr-after-alloc.diff"), "--fail-on", "regressions");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("--fail-on regressions: expected a comma-separated list of regression, leak, warn, rule, invariant, got 'regressions'"));
    }

    // vectors/seed/review/ on the seed: the MBA leak, the WARN in offline and the RCU-list walk
    // report (derived from the C), and no invariant broken: the exit code follows --fail-on.
    [TestCase(null, ExitCodes.Conforms)]
    [TestCase("leak", ExitCodes.Divergence)]
    [TestCase("warn", ExitCodes.Divergence)]
    [TestCase("rule", ExitCodes.Divergence)]
    [TestCase("invariant", ExitCodes.Conforms)]
    public void FailOnDecidesTheExitCodeOfARun(string? failOn, int expected)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"fail-on-{Guid.NewGuid():N}");
        try
        {
            string[] args = ["run", "--patch", TestSupport.RepoPaths.Seed, "--vectors", "vectors/seed/review/*.csv", "--reports", dir,
                .. failOn is null ? Array.Empty<string>() : ["--fail-on", failOn]];
            var (exit, output, error) = TestSupport.ConsoleCapture.Run(TestSupport.RepoPaths.Root, args);
            Assert.That(exit, Is.EqualTo(expected), output + error);
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("early-alloc-capable-check.diff", ExitCodes.Divergence)]
    [TestCase("iserr-after-alloc.diff", ExitCodes.Conforms)]
    public void FailOnRegressionFailsAReviewWhoseFixBreaksAnOnline(string fix, int expected)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"fail-on-{Guid.NewGuid():N}");
        try
        {
            var (exit, output, error) = TestSupport.ConsoleCapture.Run(TestSupport.RepoPaths.Root, "review", "--patch", TestSupport.RepoPaths.Seed,
                "--fix", TestSupport.RepoPaths.Fix(fix), "--vectors", "vectors/seed/review/*.csv", "--reports", dir, "--fail-on", "regression");
            Assert.That(exit, Is.EqualTo(expected), output + error);
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void AFactChangeReadsAsTheFindingWithItsPlaceAndScenarios() =>
        Assert.That(new Conformance.Review.FactChange("WARN", "warn:f:!x", "f() WARNs.", "mpam_resctrl.c:266", null, ["a", "b"], null).ToString(),
            Is.EqualTo("WARN: f() WARNs. (at mpam_resctrl.c:266) (in a, b)"));

    [Test]
    public void AVerdictNamesFactsBySiteAndTheFileOnce()
    {
        var verdict = new Conformance.Review.FindingVerdict(
            [new("leak", "leak:alloc:MBA", "leaked.", "drivers/resctrl/mpam_resctrl.c:173: alloc()", null, ["a"], null),
             new("WARN", "warn:off:!dom", "WARNs.", "drivers/resctrl/mpam_resctrl.c:266: off()", null, ["a"], null)],
            [new("invariant", "offline:L3", "CPUs the hotplug core holds offline stay in L3 domains.", null, null, ["a"], null)],
            [new("WARN", "warn:x:y", "x.", null, null, ["b"], null)],
            [new("online", "0", "-EINVAL", 4, ["a", "b"], new MinimalVector("a", "a.csv", 12, 11))]);
        Assert.That(verdict.Sentence(), Is.EqualTo(
            "removes the MBA leak at mpam_resctrl.c:173 and the WARN at :266; adds: CPUs the hotplug core holds offline stay in L3 domains; "
            + "makes online fail with -EINVAL (4 steps in a, b); keeps 1 finding"));
        Assert.That(verdict.Regressions, Has.Count.EqualTo(1));
    }

    [Test]
    public void SummaryTextFitsSeventyTwoColumnsAndQuotesThePatchsLine()
    {
        var text = TextSummary.Render(Run(Warn, Leak));
        var lines = text.Split('\n');
        Assert.That(lines.Where(l => l.Length > TextSummary.Width), Is.Empty);
        Assert.That(lines, Does.Contain("mpam_resctrl.c:179"));
        Assert.That(lines, Does.Contain("> if (WARN_ON_ONCE(!ctrl_comp))"));
        Assert.That(text, Does.Not.Contain("**").And.Not.Contain("\\_"), "no markup");
    }

    [Test]
    public void LongWordsAreCutAtTheWidth()
    {
        var lines = new List<string>();
        TextSummary.Wrap(lines, new string('x', 100) + " tail", "> ");
        Assert.That(lines.Select(l => l.Length), Is.EqualTo(new[] { 72, 2 + 30 + 1 + 4 }), "70 x, then the other 30 and the tail");
        Assert.That(lines.All(l => l.StartsWith("> ", StringComparison.Ordinal)));
    }

    [Test]
    public void MarkdownEscapesOutsideCodeSpansOnly() =>
        Assert.That(MarkdownSummary.Escape("a_b `ctrl_domains` c|d"), Is.EqualTo("a\\_b `ctrl_domains` c\\|d"));
}
