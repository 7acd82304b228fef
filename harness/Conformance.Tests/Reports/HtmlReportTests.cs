using Conformance.Reports;
using Conformance.Results;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Reports;

/// <summary>report.html rendered in a real browser, checked for what a person would see.</summary>
public sealed class HtmlReportTests : TempDirectoryTest
{

    [Test]
    public void IsSelfContained()
    {
        var html = HtmlReport.Render(SampleRuns.Mixed());
        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("src=").And.Not.Contain("<link").And.Not.Contain("@import"));
    }

    [Test]
    public void TheBrowserShowsVerdictFindingsFailureAndTimeline()
    {
        var page = Path.Combine(TempDir, "report.html");
        File.WriteAllText(page, HtmlReport.Render(SampleRuns.Mixed()));
        // The rendered DOM, as Chromium built it from the page.
        var rendered = HeadlessChromium.DumpDom(page);
        Assert.That(rendered, Does.Contain("Does not conform: 2 of 3 scenarios failed."));
        Assert.That(rendered, Does.Contain("mpam_resctrl_alloc_domain() allocated a domain that is on no list &lt;and&gt; nothing frees it."));
        Assert.That(rendered, Does.Contain("the reference died with signal 11 (SIGSEGV)"));
        // The diverging step: CPU 2 is in domain 0 on the reference and in domain 1 in the model.
        Assert.That(rendered, Does.Contain("title=\"cpu 2: reference domain 0, model domain 1\""));
        Assert.That(rendered, Does.Contain("class=\"diff\""));
    }

    [Test]
    public void AScenarioThatRecordedFewerStepsThanItRanSaysSo()
    {
        var run = SampleRuns.Mixed();
        var agrees = run.Scenarios[0];
        Assert.That(HtmlReport.Render(run), Does.Not.Contain("steps it ran"), "nothing said where nothing is known");
        run = run with { Scenarios = [agrees with { StepsRun = 5, StepsRecorded = 2 }, .. run.Scenarios.Skip(1)] };
        Assert.That(HtmlReport.Render(run), Does.Contain("The scenario recorded 2 of the 5 steps it ran (steps.csv)"));
        run = run with { Scenarios = [agrees with { StepsRun = 2, StepsRecorded = 2 }, .. run.Scenarios.Skip(1)] };
        Assert.That(HtmlReport.Render(run), Does.Not.Contain("steps it ran"), "nor where every step was recorded");
    }

    [Test]
    public void ARunOfThousandsOfScenariosDrawsItsFirstAndItsFirstFailedAndCountsTheRest()
    {
        // 1000 scenarios, every third one diverging (names "s0".."s999"): drawn are s0-s199 (the first
        // 200, 67 of them failed: s0, s3 ... s198) and the next 133 that failed (s201 ... s597): 333.
        var html = HtmlReport.Render(SampleRuns.Many(1000));
        var drawn = System.Text.RegularExpressions.Regex.Matches(html, "<b>(s[0-9]+)</b>").Select(m => m.Groups[1].Value).ToList();
        var expected = Enumerable.Range(0, 200).Concat(Enumerable.Range(200, 400).Where(i => i % 3 == 0)).Select(i => $"s{i}");
        Assert.That(drawn, Is.EqualTo(expected));
        Assert.That(html, Does.Contain("667 more scenarios (533 Conforms, 134 Diverged) are not drawn here: the run's first 200 scenarios and its first 200 that failed are shown;"));
        Assert.That(HtmlReport.Render(SampleRuns.Many(200)), Does.Not.Contain("not drawn here"), "a run that fits is drawn whole");
    }

    [Test]
    public void AScenarioThatFailedAtMoreStepsThanItKeptSaysSo()
    {
        var run = SampleRuns.Mixed();
        var differs = run.Scenarios[1];
        Assert.That(HtmlReport.Render(run), Does.Not.Contain("steps failed in all"), "one failure, kept");
        var html = HtmlReport.Render(run with { Scenarios = [run.Scenarios[0], differs with { FailingSteps = 40 }, run.Scenarios[2]] });
        Assert.That(html, Does.Contain("40 steps failed in all: summary.json has the first 1 whole, the rest only counted."));
    }

    [Test]
    public void TheTimelineNamesEachStepsOpAndErrorAndLeavesThePlatformOut()
    {
        var run = SampleRuns.Mixed();
        var failing = new StepRecord(2, 4, "online", "cpu=3", SampleRuns.State("L3[0:1]", "-EINVAL"), SampleRuns.State("L3[0:1]", "-EINVAL"));
        var agrees = run.Scenarios[0];
        run = run with { Scenarios = [agrees with { Steps = [.. agrees.Steps, failing] }, .. run.Scenarios.Skip(1)] };
        var html = HtmlReport.Render(run);
        Assert.That(html, Does.Contain("1 step(s) describing the platform are not drawn."), "the topology step");
        Assert.That(html, Does.Not.Contain("<span>topology"));
        Assert.That(html, Does.Contain("<th class=\"op\"><span>online 1</span></th><th class=\"op\"><span>online 3</span></th>"));
        Assert.That(html, Does.Contain("title=\"line 4: online cpu=3 returned -EINVAL\">2<br><small>-EINVAL</small></th>"));
        Assert.That(html, Does.Contain("<p class=\"legend\">Each cell: the id of the domain the CPU is in after the step"));
    }

    [Test]
    public void TheScreenshotShowsTheRedVerdictAndTheDomainColours()
    {
        var page = Path.Combine(TempDir, "report.html");
        var png = Path.Combine(TempDir, "shot.png");
        File.WriteAllText(page, HtmlReport.Render(SampleRuns.Mixed()));
        HeadlessChromium.Screenshot(page, png, 1000, 1400);

        var pixels = PngPixels.Load(png);
        Assert.That(pixels.Width, Is.EqualTo(1000));
        // The "does not conform" banner (#f8d7d7) is a wide band, not a stray pixel.
        Assert.That(pixels.Count(0xf8, 0xd7, 0xd7), Is.GreaterThan(5000));
        // Domain 0's cells (hsl(0,70%,82%) = #f1b1b1) are drawn in the timelines.
        Assert.That(pixels.Count(0xf1, 0xb1, 0xb1, tolerance: 4), Is.GreaterThan(50));
        // And the diverging cell's red outline (#c62828).
        Assert.That(pixels.Count(0xc6, 0x28, 0x28, tolerance: 10), Is.GreaterThan(20));
    }

    [Test]
    public void TheTimelineBudgetGoesToFailedScenariosFirstThenToTheRestWhileTheyFit() =>
        // 300 cells: the failed 150 and 100, then of the conforming ones only the 40 fits the 50 left.
        Assert.That(TimelineBudget.Grant([(false, 200), (true, 150), (false, 60), (true, 100), (false, 40)], budget: 300),
            Is.EqualTo(new[] { false, true, false, true, true }));

    [Test]
    public void TimelinesPastTheBudgetAreNotDrawnAndSaySo()
    {
        // Twelve scenarios of 400 steps over 64 CPUs of one L3 domain: 25,600 cells each, nine of
        // them fit 250,000. s5 and s11 failed and go first, then s0-s4 and s6-s7; s8-s10 are left out.
        var steps = Enumerable.Range(0, 400).Select(i => new StepRecord(i, 2, "online", $"cpu={i % 64}", SampleRuns.State("L3[0:0-63]"), SampleRuns.State("L3[0:0-63]"))).ToList();
        var run = SampleRuns.Mixed();
        var agrees = run.Scenarios[0] with { Steps = steps, Findings = [] };
        run = run with
        {
            Scenarios = Enumerable.Range(0, 12).Select(i => agrees with { Name = $"s{i}", Outcome = i is 5 or 11 ? ScenarioOutcome.Diverged : ScenarioOutcome.Conforms }).ToList(),
        };
        var html = HtmlReport.Render(run);
        var scenarios = html.Split("<details class=\"scenario\"").Skip(1).ToList();
        var leftOut = scenarios.Select((text, i) => (text, i)).Where(s => s.text.Contains("is not drawn: report.html draws at most 250,000 cells, failed scenarios first")).Select(s => s.i);
        Assert.That(leftOut, Is.EqualTo(new[] { 8, 9, 10 }));
        Assert.That(scenarios[8], Does.Contain("Its timeline (25,600 cells: 400 steps, 64 CPUs, 1 resource(s)) is not drawn"));
        Assert.That(scenarios[11], Does.Contain("<table class=\"timeline\">"));
        // A cell the sides agree on: its id and its colour's class, one rule for that colour.
        Assert.That(html, Does.Contain("<tr><th>cpu 63</th><td class=\"d0\">0</td>"));
        Assert.That(html, Does.Contain(".timeline td.d0{background:hsl(0,70%,82%)}"));
    }
}
