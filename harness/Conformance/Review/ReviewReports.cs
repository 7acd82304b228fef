using System.Text;
using System.Text.Json;
using System.Xml;
using Conformance.Reports;

namespace Conformance.Review;

/// <summary>The review's files: review.md, review.html, junit.xml and summary.json, published together.</summary>
public static class ReviewReports
{
    /// <param name="explored">With --explore: the behaviours each fix changes over generated scenarios, as text for the reply.</param>
    public static ReportFolder.Published Publish(ReportFolder folder, string patch, IReadOnlyList<VariantReview> variants, string? explored = null)
    {
        var files = new List<(string, Action<string>)>
        {
            ("review.md", path => File.WriteAllText(path, ReviewMarkdown.Render(patch, variants) + (explored is null ? "" : $"\n## Over generated scenarios\n\n```\n{explored}```\n"))),
            ("review.txt", path => File.WriteAllText(path, ReviewText.Render(patch, variants) + (explored is null ? "" : "\n" + explored))),
            ("review.html", path => File.WriteAllText(path, ReviewHtml.Render(patch, variants))),
            ("junit.xml", path => WriteJUnit(variants, path)),
            ("summary.json", path => File.WriteAllText(path, Json(patch, variants))),
        };
        // A shard of a review keeps what `conformance merge` needs to write the whole suite's review.
        if (variants.Count > 0 && variants[0].BaseRun.Shard is not null)
            files.Add((ShardReview.FileName, path => ShardReview.Write(patch, variants, path)));
        return folder.Publish(files);
    }

    // A review finds facts, not failures: each variant is a testcase whose verdict is its output.
    // Only a variant whose reference died in a scenario the base survived is an error.
    private static void WriteJUnit(IReadOnlyList<VariantReview> variants, string path)
    {
        using var xml = XmlWriter.Create(path, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "review");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "review");
        xml.WriteAttributeString("tests", variants.Count.ToString());
        xml.WriteAttributeString("failures", "0");
        xml.WriteAttributeString("errors", variants.Count(Crashes).ToString());
        foreach (var v in variants)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "review");
            xml.WriteAttributeString("name", v.Name);
            if (Crashes(v))
            {
                xml.WriteStartElement("error");
                xml.WriteAttributeString("type", "Crashed");
                xml.WriteAttributeString("message", $"{v.Name}: the reference died where the base did not");
                xml.WriteEndElement();
            }
            xml.WriteElementString("system-out", $"{v.Name}: {v.Verdict}.");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static bool Crashes(VariantReview v) => v.Deltas.Any(d => d.Changes.Any(c => c.Kind == DeltaKind.Crashes));

    private static object Findings(FindingVerdict verdict)
    {
        static object Fact(FactChange f) => new
        {
            kind = f.Kind, fact = f.Fact, text = f.Text, where = f.Where, quote = f.Quote, scenarios = f.Scenarios,
            reproducer = f.Reproducer?.Csv(),
        };
        return new
        {
            sentence = verdict.Sentence(),
            removed = verdict.Removed.Select(Fact),
            added = verdict.Added.Select(Fact),
            kept = verdict.Kept.Select(Fact),
            return_codes = verdict.ReturnCodes.Select(r => new
            {
                op = r.Op, @base = r.Base, variant = r.Variant, steps = r.Steps, scenarios = r.Scenarios,
                regression = r.IsRegression, reproducer = r.Reproducer.Csv(),
            }),
        };
    }

    private static string Json(string patch, IReadOnlyList<VariantReview> variants) =>
        JsonSerializer.Serialize(new
        {
            patch,
            variants = variants.Select(v => new
            {
                name = v.Name,
                fixes = v.Fixes,
                verdict = v.Verdict,
                findings = Findings(FindingVerdict.Of(v)),
                changes_behaviour = v.ChangesBehaviour,
                scenarios = v.Scenarios,
                steps = v.Steps,
                steps_compared = v.Compared,
                identical_steps = v.IdenticalSteps,
                by_kind = v.CountsByKind().ToDictionary(k => k.Kind.ToString(), k => k.Steps),
                deltas = v.Deltas.Select(d => new
                {
                    scenario = d.Scenario, file = d.File, line = d.Line, step = d.Step, op = $"{d.Op} {d.Args}".Trim(),
                    changes = d.Changes.Select(c => new { kind = c.Kind.ToString(), observable = c.Observable, @base = c.Base, variant = c.Variant }),
                }),
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
}
