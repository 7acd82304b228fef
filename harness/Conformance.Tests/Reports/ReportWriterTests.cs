using Conformance.Tests.TestSupport;
using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using Conformance.Reports;
using Conformance.Results;

namespace Conformance.Tests.Reports;

public sealed class ReportWriterTests : TempDirectoryTest
{

    [Test]
    public void JUnitValidatesAgainstTheSchemaCiReadersUse()
    {
        var path = Path.Combine(TempDir, "junit.xml");
        JUnitReport.Write(SampleRuns.Mixed(), path);

        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "Reports", "junit.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using (var reader = XmlReader.Create(path, settings))
            while (reader.Read()) { }
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void JUnitHasATestcasePerScenarioWithFailuresAndErrorsWhereTheyBelong()
    {
        var path = Path.Combine(TempDir, "junit.xml");
        JUnitReport.Write(SampleRuns.Mixed(), path);
        var doc = new XmlDocument();
        doc.Load(path);

        Assert.That(doc.SelectNodes("//testcase")!.Count, Is.EqualTo(3));
        Assert.That(doc.DocumentElement!.GetAttribute("failures"), Is.EqualTo("1"));
        Assert.That(doc.DocumentElement!.GetAttribute("errors"), Is.EqualTo("1"));
        var failure = (XmlElement)doc.SelectSingleNode("//testcase[@name='differs']/failure")!;
        Assert.That(failure.GetAttribute("message"), Does.StartWith("vectors/a.csv:11: step 1: L3 domain list"));
        var error = (XmlElement)doc.SelectSingleNode("//testcase[@name='dies']/error")!;
        Assert.That(error.GetAttribute("message"), Does.Contain("SIGSEGV").And.Not.Contain("\u0001"));
        Assert.That(doc.SelectSingleNode("//testcase[@name='agrees']/system-out")!.InnerText, Does.Contain("[leak]"));
        Assert.That(doc.SelectSingleNode("//testcase[@name='agrees']/failure"), Is.Null);
    }

    [Test]
    public void MarkdownOpensWithTheVerdictThenTheFindingsAndTellsTheErrors()
    {
        var run = SampleRuns.Mixed();
        run = run with
        {
            Scenarios = run.Scenarios.Select(s => s.Name != "differs" ? s
                : s with { Errors = [new StepError(1, 11, "online cpu=6", "-EINVAL")], ErrorCount = 1 }).ToList(),
        };
        var md = MarkdownSummary.Render(run);
        var findings = md.IndexOf("## Findings", StringComparison.Ordinal);
        var verdict = md.IndexOf("## Verdict", StringComparison.Ordinal);
        Assert.That(verdict, Is.GreaterThan(0));
        Assert.That(findings, Is.GreaterThan(verdict));
        Assert.That(md, Does.Contain($"**{FindingCategories.Headline(run)}**"));
        Assert.That(md, Does.Contain("Does not conform: 2 of 3 scenarios failed."));
        Assert.That(md, Does.Contain("`agrees` (`vectors/a.csv:3`)"));
        Assert.That(md, Does.Contain("| `differs` | `vectors/a.csv:10` | Diverged | 2/5 | 0 | 1: `-EINVAL` |"));
        Assert.That(md, Does.Contain("- `differs`: line 11 `online cpu=6` returned `-EINVAL`."));
    }

    [Test]
    public void MarkdownOfThousandsOfScenariosListsTheFirstAndTheFirstFailedAndCountsTheRest()
    {
        // 1000 scenarios, every third diverging: the table lists the first 200 and the next 133
        // that failed (333 rows, as report.html draws them); 20 of the 334 failures are detailed.
        var md = MarkdownSummary.Render(SampleRuns.Many(1000));
        var rows = md.Split('\n').Where(l => l.StartsWith("| `s", StringComparison.Ordinal)).ToList();
        Assert.That(rows, Has.Count.EqualTo(333));
        Assert.That(rows[^1], Does.StartWith("| `s597` |"));
        Assert.That(md.Split('\n').Count(l => l.StartsWith("### `s", StringComparison.Ordinal)), Is.EqualTo(MarkdownSummary.FailuresDetailed));
        Assert.That(md, Does.Contain("314 more scenarios failed: report.html and summary.json have their failures."));
        Assert.That(md, Does.Contain("667 more scenarios (533 Conforms, 134 Diverged) are not listed: the run's first 200 scenarios and its first 200 that failed are shown;"));
    }

    [Test]
    public void MarkdownStaysWithinWhatAStepSummaryMayBeAndSaysWhereItWasCut()
    {
        // A failure whose details run to 3 MB (a divergence over thousands of CPUs): cut inside its code block.
        var run = SampleRuns.Mixed();
        var differs = run.Scenarios[1];
        var details = Enumerable.Range(0, 100_000).Select(i => $"  L3 domain {i}: 0-4095 vs 0-4094").ToList();
        var md = MarkdownSummary.Render(run with { Scenarios = [differs with { FirstFailure = differs.FirstFailure! with { Details = details } }] });
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(md), Is.LessThanOrEqualTo(MarkdownSummary.Budget));
        Assert.That(md, Does.EndWith("*summary.md stops here: a step summary may not be longer. report.html and summary.json have the rest.*\n"));
        Assert.That(md.Split('\n').Count(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal)) % 2, Is.Zero, "the code block it was cut in is closed");
        Assert.That(md, Does.Contain("## Verdict"));
        Assert.That(MarkdownSummary.Render(run), Does.Not.Contain("stops here"), "a summary that fits is whole");
    }

    [Test]
    public void SummaryJsonCarriesTotalsAndEveryScenario()
    {
        using var json = JsonDocument.Parse(SummaryJson.Render(SampleRuns.Mixed()));
        var root = json.RootElement;
        Assert.That(root.GetProperty("conforms").GetBoolean(), Is.False);
        Assert.That(root.GetProperty("totals").GetProperty("scenarios").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("totals").GetProperty("by_outcome").GetProperty("crashed").GetInt32(), Is.EqualTo(1));
        var scenarios = root.GetProperty("scenarios");
        Assert.That(scenarios.GetArrayLength(), Is.EqualTo(3));
        Assert.That(scenarios[1].GetProperty("outcome").GetString(), Is.EqualTo("diverged"));
        Assert.That(scenarios[1].GetProperty("first_failure").GetProperty("line").GetInt32(), Is.EqualTo(11));
        // How many steps steps.csv holds of each: unknown for a scenario whose worker died in it.
        Assert.That(scenarios[2].GetProperty("steps_recorded").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var sample = SampleRuns.Mixed();
        using var recorded = JsonDocument.Parse(SummaryJson.Render(sample with { Scenarios = [sample.Scenarios[0] with { StepsRecorded = 2 }] }));
        Assert.That(recorded.RootElement.GetProperty("scenarios")[0].GetProperty("steps_recorded").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public void StepsCsvHasBothSidesOfEveryStep()
    {
        var path = Path.Combine(TempDir, "steps.csv");
        StepsCsv.Write(SampleRuns.Mixed(), path);
        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(1 + 4));
        Assert.That(lines[0], Does.StartWith("file,scenario,step,line,op,args,differs,ref_rc,model_rc,ref_domains,model_domains"));
        Assert.That(lines[4], Does.StartWith("vectors/a.csv,differs,1,3,online,cpu=2,1,0,0,L3[0:1-2],L3[0:1 1:2]"));
        // A step the sides agree on leaves the model's columns empty; a differing one fills them all.
        Assert.That(lines[2], Is.EqualTo("vectors/a.csv,agrees,1,3,online,cpu=1,0,0,,L3[0:1],,-,,allocs_live=1,,0-1,"));
        Assert.That(lines[4], Does.EndWith(",allocs_live=1,allocs_live=1,0-1,0-1"));
    }

    [Test]
    public void StepsCsvCopiesEachScenariosSpanOfTheJobsStepLogUpToItsLastWholeRow()
    {
        var logs = Directory.CreateDirectory(Path.Combine(TempDir, "logs")).FullName;
        var log = StepLog.PathOf(logs, 0);
        var sample = SampleRuns.Mixed();
        long firstEnds;
        using (var writer = new StepLogWriter(log))
        {
            writer.Begin("vectors/a.csv", "agrees");
            foreach (var step in sample.Scenarios[0].Steps)
                writer.Write(step);
            firstEnds = writer.End();
            writer.Begin("vectors/a.csv", "differs");
            foreach (var step in sample.Scenarios[1].Steps)
                writer.Write(step);
        }
        // The worker died in the second scenario mid-write: its next row cut short, inside a quoted field.
        File.AppendAllText(log, "vectors/a.csv,differs,2,4,online,cpu=3,0,0,,\"L3[0:1");
        var run = sample with
        {
            StepLogDirectory = logs,
            Scenarios = [sample.Scenarios[0] with { StepLog = new StepLogSpan(log, 0, firstEnds) }, sample.Scenarios[1] with { StepLog = new StepLogSpan(log, firstEnds, null) }],
        };
        var path = Path.Combine(TempDir, "steps.csv");
        StepsCsv.Write(run, path);
        var lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(1 + 4), "the header, then each scenario's whole rows from its span of the log");
        Assert.That(lines[1], Does.StartWith("vectors/a.csv,agrees,0,2,topology"));
        Assert.That(lines[2], Is.EqualTo("vectors/a.csv,agrees,1,3,online,cpu=1,0,0,,L3[0:1],,-,,allocs_live=1,,0-1,"));
        Assert.That(lines[3], Does.StartWith("vectors/a.csv,differs,0,2,topology"));
        Assert.That(run.StepsOf(0), Is.EqualTo(sample.Scenarios[0].Steps), "a span reads back as its scenario's records, not the next scenario's");
        Assert.That(run.StepsOf(1), Is.EqualTo(sample.Scenarios[1].Steps), "and the cut row is not one");
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(File.ReadAllBytes(WrittenFromMemory())), "byte for byte what a run kept in memory gives");

        string WrittenFromMemory()
        {
            var fromMemory = Path.Combine(TempDir, "from-memory.csv");
            StepsCsv.Write(SampleRuns.Mixed(), fromMemory);
            return fromMemory;
        }
    }

    [Test]
    public void StepsCsvKeepsTheRunsOrderWhereItsScenariosCameFromTwoLogs()
    {
        // Scenarios 0 and 2 in one log, one after the other, scenario 1 in another: the spans that
        // follow each other in a log are copied as one only where the scenarios follow each other too.
        var logs = Directory.CreateDirectory(Path.Combine(TempDir, "logs")).FullName;
        var sample = SampleRuns.Mixed();
        var (first, second) = (StepLog.PathOf(logs, 0), StepLog.PathOf(logs, 1));
        long ends0, ends2, ends1;
        using (var writer = new StepLogWriter(first))
        {
            writer.Begin("vectors/a.csv", "s0");
            writer.Write(sample.Scenarios[0].Steps[1]);
            ends0 = writer.End();
            writer.Begin("vectors/a.csv", "s2");
            writer.Write(sample.Scenarios[1].Steps[1]);
            ends2 = writer.End();
        }
        using (var writer = new StepLogWriter(second))
        {
            writer.Begin("vectors/a.csv", "s1");
            writer.Write(sample.Scenarios[0].Steps[1]);
            ends1 = writer.End();
        }
        Assert.That(ends1, Is.EqualTo(ends0), "scenario 1's span ends where scenario 2's begins, in the other log");
        var run = sample with
        {
            StepLogDirectory = logs,
            Scenarios =
            [
                sample.Scenarios[0] with { StepLog = new StepLogSpan(first, 0, ends0) },
                sample.Scenarios[0] with { StepLog = new StepLogSpan(second, 0, ends1) },
                sample.Scenarios[1] with { StepLog = new StepLogSpan(first, ends0, ends2) },
            ],
        };
        var path = Path.Combine(TempDir, "steps.csv");
        StepsCsv.Write(run, path);
        Assert.That(File.ReadAllLines(path).Skip(1).Select(l => string.Join(',', l.Split(',').Take(5))),
            Is.EqualTo(new[] { "vectors/a.csv,s0,1,3,online", "vectors/a.csv,s1,1,3,online", "vectors/a.csv,s2,1,3,online" }));
    }

    [Test]
    public void StepsCsvLeavesOutRowsOfALogThatNoScenarioOfTheRunOwns()
    {
        // A log holding s0, then a scenario the run does not list, then s2: s0's and s2's spans do not meet.
        var log = StepLog.PathOf(Directory.CreateDirectory(Path.Combine(TempDir, "logs")).FullName, 0);
        var step = SampleRuns.Mixed().Scenarios[0].Steps[1];
        var ends = new List<long>();
        using (var writer = new StepLogWriter(log))
            foreach (var name in new[] { "s0", "not-listed", "s2" })
            {
                writer.Begin("vectors/a.csv", name);
                writer.Write(step);
                ends.Add(writer.End());
            }
        var sample = SampleRuns.Mixed();
        var run = sample with
        {
            StepLogDirectory = Path.GetDirectoryName(log),
            Scenarios = [sample.Scenarios[0] with { StepLog = new StepLogSpan(log, 0, ends[0]) }, sample.Scenarios[0] with { StepLog = new StepLogSpan(log, ends[1], ends[2]) }],
        };
        var path = Path.Combine(TempDir, "steps.csv");
        StepsCsv.Write(run, path);
        Assert.That(File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')[1]), Is.EqualTo(new[] { "s0", "s2" }));
    }

    [Test]
    public void AStepLogReadsBackTheModelsSideOfAnAgreeingStepAsTheReferences()
    {
        var run = SampleRuns.Mixed();
        using (var writer = new StepLogWriter(StepLog.PathOf(TempDir, 0)))
        {
            writer.Begin("vectors/a.csv", "agrees");
            foreach (var step in run.Scenarios[0].Steps.Concat(run.Scenarios[1].Steps))
                writer.Write(step);
        }
        var read = StepLog.Read(StepLog.PathOf(TempDir, 0)).ToList();
        Assert.That(read, Is.EqualTo(run.Scenarios[0].Steps.Concat(run.Scenarios[1].Steps)));
        Assert.That(read[1].Model, Is.EqualTo(SampleRuns.State("L3[0:1]")));
        Assert.That(read[3].Model, Is.EqualTo(SampleRuns.State("L3[0:1 1:2]")));
    }

    [Test]
    public void PublishKeepsWhatCouldBeWrittenSaysWhatFailedAndMovesLatest()
    {
        var first = ReportFolder.Reserve(TempDir, "run-1").Publish([("a.txt", p => File.WriteAllText(p, "1"))]);
        Assert.That(first.Failed, Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(TempDir, "latest", "a.txt")), Is.EqualTo("1"));

        var second = ReportFolder.Reserve(TempDir, "run-2").Publish(
        [
            ("a.txt", p => File.WriteAllText(p, "2")),
            ("b.txt", p => { File.WriteAllText(p, "half"); throw new IOException("disk full"); }),
        ]);
        Assert.That(second.Failed, Is.EqualTo(new[] { "b.txt: disk full" }));
        Assert.That(Directory.GetFiles(second.Folder).Select(Path.GetFileName), Is.EqualTo(new[] { "a.txt" }),
            "the report that could be written is kept; the half-written one is not");
        Assert.That(Directory.GetDirectories(TempDir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "run-1", "run-2", "latest" }),
            "no staging folder is left behind");
        Assert.That(new FileInfo(Path.Combine(TempDir, "latest")).LinkTarget, Is.EqualTo("run-2"));
        Assert.That(first.Folder, Is.EqualTo(Path.Combine(TempDir, "run-1")));
    }

    [Test]
    public void ReportsWrittenSideBySideSayTheirFailuresInOrderAndABugIsThrownAsItWas()
    {
        var published = ReportFolder.Reserve(TempDir, "run-1").Publish(
        [
            ("a.txt", _ => throw new UnauthorizedAccessException("read-only")),
            ("b.txt", p => File.WriteAllText(p, "b")),
            ("c.txt", _ => throw new IOException("disk full")),
        ]);
        Assert.That(published.Failed, Is.EqualTo(new[] { "a.txt: read-only", "c.txt: disk full" }), "in the reports' order, whichever finished first");
        var bug = ReportFolder.Reserve(TempDir, "run-2");
        Assert.Throws<InvalidOperationException>(() => bug.Publish([("a.txt", p => File.WriteAllText(p, "a")), ("b.txt", _ => throw new InvalidOperationException("a bug"))]),
            "not wrapped: the top-level handler knows it");
    }

    [Test]
    public void AnExistingRunFolderIsRefusedBeforeAnyWorkAndLeftAlone()
    {
        Directory.CreateDirectory(Path.Combine(TempDir, "mine"));
        File.WriteAllText(Path.Combine(TempDir, "mine", "keep.txt"), "user data");
        var e = Assert.Throws<Conformance.Cli.UsageException>(() => ReportFolder.Reserve(TempDir, "mine"));
        Assert.That(e!.Message, Does.Contain(Path.Combine(TempDir, "mine")).And.Contain("already exists"));
        Assert.That(File.ReadAllText(Path.Combine(TempDir, "mine", "keep.txt")), Is.EqualTo("user data"));
        Assert.That(Directory.GetDirectories(TempDir).Select(Path.GetFileName), Is.EqualTo(new[] { "mine" }));
    }

    [Test]
    public void AReportsFolderThatCannotBeMadeIsRefusedNamingItAndTheUsersFileIsLeftAlone()
    {
        // A regular file where a folder of the path should be: no folder can be made below it (root or not).
        var file = Path.Combine(TempDir, "notes.txt");
        File.WriteAllText(file, "user data");
        var root = Path.Combine(file, "reports");
        var e = Assert.Throws<Conformance.Cli.UsageException>(() => ReportFolder.Reserve(root, "mine"));
        Assert.That(e!.Message, Does.StartWith($"--reports {root}: expected a folder the harness can write, but making or writing it failed: "));
        Assert.That(File.ReadAllText(file), Is.EqualTo("user data"));
        Assert.That(Directory.GetFileSystemEntries(TempDir).Select(Path.GetFileName), Is.EqualTo(new[] { "notes.txt" }));
    }

    [TestCase("")]
    [TestCase("../x")]
    [TestCase(".hidden")]
    [TestCase("a\u0007b")]
    [TestCase("latest")]
    public void RunIdsThatAreNotPlainNamesAreRefused(string runId) =>
        Assert.Throws<Conformance.Cli.UsageException>(() => ReportFolder.Reserve(TempDir, System.Text.RegularExpressions.Regex.Unescape(runId)));
}
