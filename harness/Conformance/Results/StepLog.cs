using System.Globalization;
using CsvHelper;

namespace Conformance.Results;

/// <summary>
/// Where a run's step records go while it runs: one file per scenario (by its index in the
/// run), in steps.csv's own row format, written by the worker as each step is recorded and
/// read back as a stream. A run of ten million steps keeps none of them in memory, and
/// steps.csv is these files one after the other under one header.
/// </summary>
/// <remarks>
/// A step the sides agree on (differs 0) leaves the model's columns empty: they would repeat the
/// reference's, and a reader looking for what the model saw differently finds it in the rows
/// whose model columns are filled. No observable's text is ever empty, so empty means "as the
/// reference".
/// </remarks>
public static class StepLog
{
    public static readonly string[] Header =
    [
        "file", "scenario", "step", "line", "op", "args", "differs",
        "ref_rc", "model_rc", "ref_domains", "model_domains", "ref_events", "model_events",
        "ref_counters", "model_counters", "ref_online", "model_online",
    ];

    public static string PathOf(string directory, int scenario) =>
        Path.Combine(directory, scenario.ToString(CultureInfo.InvariantCulture) + ".csv");

    public static void WriteRow(CsvWriter csv, string file, string scenario, StepRecord step)
    {
        csv.WriteField(file);
        csv.WriteField(scenario);
        csv.WriteField(step.Index.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(step.Line.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(step.Op);
        csv.WriteField(step.Args);
        bool differs = step.Differs;
        var model = differs ? step.Model : Agreed;
        csv.WriteField(differs ? "1" : "0");
        csv.WriteField(step.Reference.Rc);
        csv.WriteField(model.Rc);
        csv.WriteField(step.Reference.Domains);
        csv.WriteField(model.Domains);
        csv.WriteField(step.Reference.Events);
        csv.WriteField(model.Events);
        csv.WriteField(step.Reference.Counters);
        csv.WriteField(model.Counters);
        csv.WriteField(step.Reference.OnlineCpus);
        csv.WriteField(model.OnlineCpus);
        csv.EndRecord();
    }

    /// <summary>The records of one scenario's file, in order, read as they are needed.</summary>
    public static IEnumerable<StepRecord> Read(string path)
    {
        using var csv = CsvReader.FromFile(path, CsvReaderOptions.Default with { HasHeader = false });
        while (csv.Read())
        {
            string F(int i) => csv.GetString(i);
            // A worker that died mid-write leaves its last row cut short: the log ends there.
            if (csv.FieldCount < Header.Length
                || !int.TryParse(F(2), CultureInfo.InvariantCulture, out var index)
                || !int.TryParse(F(3), CultureInfo.InvariantCulture, out var line))
                yield break;
            var reference = new SideState(F(7), F(9), F(11), F(13), F(15));
            yield return new StepRecord(index, line, F(4), F(5), reference,
                F(6) == "0" ? reference : new SideState(F(8), F(10), F(12), F(14), F(16)));
        }
    }

    // The model's columns of a step the sides agree on.
    private static readonly SideState Agreed = new("", "", "", "", "");
}

/// <summary>The worker's side of a <see cref="StepLog"/>: one scenario's file, appended step by step.</summary>
public sealed class StepLogWriter : IDisposable
{
    private readonly CsvWriter _csv;
    private readonly string _file;
    private readonly string _scenario;

    public StepLogWriter(string directory, int scenarioIndex, string file, string scenario)
    {
        _csv = CsvWriter.ToFile(StepLog.PathOf(directory, scenarioIndex), Options, FileOptions.None);
        _file = file;
        _scenario = scenario;
    }

    // Rows of up to a kilobyte, a step at a time: a larger buffer makes fewer writes of the file.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { BufferSize = 64 * 1024 };

    public void Write(StepRecord step) => StepLog.WriteRow(_csv, _file, _scenario, step);

    public void Dispose() => _csv.Dispose();
}
