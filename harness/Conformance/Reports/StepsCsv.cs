using Conformance.Results;
using CsvHelper;

namespace Conformance.Reports;

/// <summary>steps.csv: every observable of both sides after every recorded step, one row per step, streamed from the step log.</summary>
public static class StepsCsv
{
    public static void Write(RunResult run, string path)
    {
        // CsvHelper 34: writers are made by factory; the default options are RFC 4180, invariant culture.
        using var csv = CsvWriter.ToFile(path, CsvWriterOptions.Default, FileOptions.None);
        foreach (var name in StepLog.Header)
            csv.WriteField(name);
        csv.EndRecord();
        for (int i = 0; i < run.Scenarios.Count; i++)
            foreach (var step in run.StepsOf(i))
                StepLog.WriteRow(csv, run.Scenarios[i].File, run.Scenarios[i].Name, step);
    }
}
