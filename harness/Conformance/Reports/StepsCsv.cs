using Conformance.Results;
using CsvHelper;

namespace Conformance.Reports;

/// <summary>steps.csv: every observable of both sides after every step, one row per step.</summary>
public static class StepsCsv
{
    private static readonly string[] Header =
    [
        "file", "scenario", "step", "line", "op", "args", "differs",
        "ref_rc", "model_rc", "ref_domains", "model_domains", "ref_events", "model_events",
        "ref_counters", "model_counters", "ref_online", "model_online",
    ];

    public static void Write(RunResult run, string path)
    {
        // CsvHelper 34: writers are made by factory; the default options are RFC 4180, invariant culture.
        using var csv = CsvWriter.ToFile(path, CsvWriterOptions.Default, FileOptions.None);
        foreach (var name in Header)
            csv.WriteField(name);
        csv.EndRecord();
        foreach (var scenario in run.Scenarios)
        {
            foreach (var step in scenario.Steps)
            {
                csv.WriteField(scenario.File);
                csv.WriteField(scenario.Name);
                csv.WriteField(step.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                csv.WriteField(step.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
                csv.WriteField(step.Op);
                csv.WriteField(step.Args);
                csv.WriteField(step.Differs ? "1" : "0");
                csv.WriteField(step.Reference.Rc);
                csv.WriteField(step.Model.Rc);
                csv.WriteField(step.Reference.Domains);
                csv.WriteField(step.Model.Domains);
                csv.WriteField(step.Reference.Events);
                csv.WriteField(step.Model.Events);
                csv.WriteField(step.Reference.Counters);
                csv.WriteField(step.Model.Counters);
                csv.WriteField(step.Reference.OnlineCpus);
                csv.WriteField(step.Model.OnlineCpus);
                csv.EndRecord();
            }
        }
    }
}
