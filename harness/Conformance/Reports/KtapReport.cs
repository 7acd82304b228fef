using System.Text;
using Conformance.Results;

namespace Conformance.Reports;

/// <summary>
/// A run as KTAP v1, the format kunit.py and the kernel's selftests read: one test per
/// scenario, "not ok" for a divergence, a failed expectation, a crash or a timeout, its first
/// failure and its findings as "# " diagnostics before the result line. Findings do not fail a
/// test (they are facts about the patch); --fail-on decides the exit code, not this document.
/// </summary>
public static class KtapReport
{
    public static string Render(RunResult run)
    {
        var ktap = new StringBuilder();
        ktap.Append("KTAP version 1\n");
        ktap.Append($"1..{run.Scenarios.Count}\n");
        for (int i = 0; i < run.Scenarios.Count; i++)
        {
            var s = run.Scenarios[i];
            Diagnostic(ktap, $"{s.File}:{s.Line}: {s.StepsRun}/{s.StepsTotal} steps");
            if (s.FirstFailure is { } f)
                Diagnostic(ktap, $"{s.File}:{f.Line}: step {f.Step}: {s.Outcome}: {f.Message}");
            foreach (var finding in s.Findings)
                Diagnostic(ktap, $"{finding.Kind}: {finding.Text.Replace("`", "")}{(finding.Where is null ? "" : $" ({finding.Where})")}");
            ktap.Append(s.Outcome == ScenarioOutcome.Conforms ? "ok" : "not ok").Append($" {i + 1} {Name(s.Name)}\n");
        }
        Diagnostic(ktap, FindingCategories.Headline(run));
        return ktap.ToString();
    }

    // One diagnostic per line: a line break inside would end it.
    private static void Diagnostic(StringBuilder ktap, string text)
    {
        foreach (var line in text.Split('\n'))
            ktap.Append("# ").Append(line).Append('\n');
    }

    // A test name is one line without the "#" that would start a directive.
    private static string Name(string scenario) => scenario.Replace('#', '_').Replace('\n', ' ');
}
