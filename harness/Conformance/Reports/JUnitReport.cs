using System.Globalization;
using System.Text;
using System.Xml;
using Conformance.Results;

namespace Conformance.Reports;

/// <summary>
/// junit.xml in the shape the common CI readers (Jenkins, GitLab, GitHub actions) accept:
/// one testsuite per vector file, one testcase per scenario. A divergence or a failed
/// expectation is a &lt;failure&gt;, a crashed or hung reference an &lt;error&gt;; findings are
/// facts about the patch, not failures of the run, so they go to &lt;system-out&gt;.
/// </summary>
public static class JUnitReport
{
    public static void Write(RunResult run, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var xml = XmlWriter.Create(path, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "conformance");
        WriteCounts(xml, run.Scenarios, run.Duration);

        foreach (var file in run.Scenarios.GroupBy(s => s.File))
        {
            var scenarios = file.ToList();
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", file.Key);
            WriteCounts(xml, scenarios, TimeSpan.FromTicks(scenarios.Sum(s => s.Duration.Ticks)));
            xml.WriteAttributeString("timestamp", run.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            foreach (var scenario in scenarios)
                WriteTestCase(xml, scenario);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCounts(XmlWriter xml, IReadOnlyCollection<ScenarioResult> scenarios, TimeSpan time)
    {
        xml.WriteAttributeString("tests", Invariant(scenarios.Count));
        xml.WriteAttributeString("failures", Invariant(scenarios.Count(s => IsFailure(s.Outcome))));
        xml.WriteAttributeString("errors", Invariant(scenarios.Count(s => s.Died)));
        xml.WriteAttributeString("skipped", "0");
        xml.WriteAttributeString("time", Seconds(time));
    }

    private static void WriteTestCase(XmlWriter xml, ScenarioResult scenario)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", ClassName(scenario.File));
        xml.WriteAttributeString("name", scenario.Name);
        xml.WriteAttributeString("file", scenario.File);
        xml.WriteAttributeString("line", Invariant(scenario.Line));
        xml.WriteAttributeString("time", Seconds(scenario.Duration));
        if (scenario.FirstFailure is { } failure)
        {
            xml.WriteStartElement(scenario.Died ? "error" : "failure");
            xml.WriteAttributeString("type", scenario.Outcome.ToString());
            xml.WriteAttributeString("message", XmlSafe($"{scenario.File}:{failure.Line}: step {failure.Step}: {failure.Message}"));
            xml.WriteString(XmlSafe(string.Join('\n', failure.Details)));
            xml.WriteEndElement();
        }
        if (scenario.Findings.Count > 0)
        {
            xml.WriteStartElement("system-out");
            xml.WriteString(XmlSafe(string.Join('\n', scenario.Findings.Select(TextOf))));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    public static string TextOf(Finding f) => $"finding [{f.Kind}] line {f.Line}, step {f.Step} ({f.Side}): {f.Text}{(f.Where is null ? "" : $" (at {f.Where})")}";

    private static bool IsFailure(ScenarioOutcome o) => o is ScenarioOutcome.Diverged or ScenarioOutcome.ExpectationFailed;

    // "vectors/edge/alloc-failure.csv" -> "vectors.edge.alloc-failure": readers group by dots.
    private static string ClassName(string file) =>
        Path.ChangeExtension(file, null)!.Replace('\\', '.').Replace('/', '.');

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
    private static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    // XML 1.0 cannot carry most control characters even escaped; a crashed reference's
    // output may hold them.
    private static string XmlSafe(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            sb.Append(XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD');
        return sb.ToString();
    }
}
