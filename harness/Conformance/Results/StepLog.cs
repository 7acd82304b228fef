using System.Globalization;
using CsvHelper;

namespace Conformance.Results;

/// <summary>
/// Where a run's step records go while it runs: one file per worker job (a range of scenarios,
/// named by its first), in steps.csv's own row format, written by the worker as each step is
/// recorded; each scenario's rows are a <see cref="StepLogSpan"/> of it, read back as a stream.
/// A run of ten million steps keeps none of them in memory, and steps.csv is these spans one
/// after the other under one header. One file per job, not per scenario: creating thousands of
/// small files (a review's generated scenarios) cost the workers half their time in the file system.
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

    /// <summary>The step log of the job whose first scenario is <paramref name="firstScenario"/>.</summary>
    public static string PathOf(string directory, int firstScenario) =>
        Path.Combine(directory, firstScenario.ToString(CultureInfo.InvariantCulture) + ".csv");

    /// <summary>A kept record's row, as a recorded step's is written.</summary>
    public static void WriteRow(CsvWriter csv, string file, string scenario, StepRecord step)
    {
        var scratch = _scratch ??= new RecordScratch();
        WriteRow(csv, scratch.File.Clear().Append(file).Span, scratch.Scenario.Clear().Append(scenario).Span, step);
    }

    /// <summary>Likewise, with the file and scenario names as UTF-8.</summary>
    public static void WriteRow(CsvWriter csv, ReadOnlySpan<byte> file, ReadOnlySpan<byte> scenario, StepRecord step)
    {
        var scratch = _scratch ??= new RecordScratch();
        WriteRow(csv, file, scenario, step.Index, step.Line, step.Op, step.Args,
            scratch.Reference.Set(step.Reference).Row, step.Differs ? scratch.Model.Set(step.Model).Row : default, step.Differs);
    }

    /// <summary>
    /// One step's row; where the sides read alike (<paramref name="differs"/> false) the model's
    /// columns are left empty and <paramref name="model"/> is not looked at.
    /// </summary>
    public static void WriteRow(CsvWriter csv, ReadOnlySpan<byte> file, ReadOnlySpan<byte> scenario, int index, int line,
        string op, string args, in SideRow reference, in SideRow model, bool differs)
    {
        csv.WriteField(file);
        csv.WriteField(scenario);
        csv.WriteField(index, default);
        csv.WriteField(line, default);
        csv.WriteField(op);
        csv.WriteField(args);
        csv.WriteField(differs ? "1"u8 : "0"u8);
        WritePair(csv, reference.Rc, differs ? model.Rc : default);
        WritePair(csv, reference.Domains, differs ? model.Domains : default);
        WritePair(csv, reference.Events, differs ? model.Events : default);
        WritePair(csv, reference.Counters, differs ? model.Counters : default);
        WritePair(csv, reference.OnlineCpus, differs ? model.OnlineCpus : default);
        csv.EndRecord();
    }

    private static void WritePair(CsvWriter csv, ReadOnlySpan<byte> reference, ReadOnlySpan<byte> model)
    {
        csv.WriteField(reference);
        csv.WriteField(model);
    }

    // Where a kept record's strings become a row's bytes.
    private sealed class RecordScratch
    {
        public readonly Observation.Utf8TextBuilder File = new(), Scenario = new();
        public readonly SideColumns Reference = new(), Model = new();
    }

    [ThreadStatic] private static RecordScratch? _scratch;

    /// <summary>The records of a whole step log file, in order, read as they are needed.</summary>
    public static IEnumerable<StepRecord> Read(string path) => Read(new StepLogSpan(path, 0, null));

    /// <summary>The records of one scenario's span, in order, read as they are needed.</summary>
    public static IEnumerable<StepRecord> Read(StepLogSpan span)
    {
        using var csv = CsvReader.Create(span.Open(), CsvReaderOptions.Default with { HasHeader = false }, leaveOpen: false);
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
}

/// <summary>
/// One scenario's rows in a worker's step log: the bytes from <see cref="Start"/> to
/// <see cref="End"/>, or to the end of the file for a scenario its worker died in.
/// </summary>
public sealed record StepLogSpan(string Path, long Start, long? End)
{
    /// <summary>The span's bytes as a stream of their own.</summary>
    public Stream Open()
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        file.Position = Math.Min(Start, file.Length);
        return new FileSegmentStream(file, (End ?? file.Length) - file.Position);
    }
}

/// <summary>
/// The worker's side of a <see cref="StepLog"/>: one job's file, appended scenario by scenario
/// and step by step; each scenario's rows end where <see cref="End"/> says.
/// </summary>
public sealed class StepLogWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly CsvWriter _csv;
    // The file and scenario names of the scenario being written, as every row writes them.
    private byte[] _file = [];
    private byte[] _scenario = [];

    public StepLogWriter(string path)
    {
        // Unbuffered: the CSV writer's buffer is the one, and the file's position is where the rows end.
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _csv = CsvWriter.Create(_stream, Options, leaveOpen: true);
    }

    // Rows of up to a kilobyte, a step at a time: a larger buffer makes fewer writes of the file.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { BufferSize = 64 * 1024 };

    /// <summary>The rows that follow are this scenario's.</summary>
    public void Begin(string file, string scenario)
    {
        _file = System.Text.Encoding.UTF8.GetBytes(file);
        _scenario = System.Text.Encoding.UTF8.GetBytes(scenario);
    }

    /// <summary>The scenario's rows are written: they go to the file, and this is the offset they end at.</summary>
    public long End()
    {
        _csv.Flush();
        return _stream.Position;
    }

    public void Write(StepRecord step) => StepLog.WriteRow(_csv, _file, _scenario, step);

    /// <summary>A recorded step, from its columns as the runner made them (<paramref name="model"/> looked at only where the sides differ).</summary>
    public void Write(int index, int line, string op, string args, in SideRow reference, in SideRow model, bool differs) =>
        StepLog.WriteRow(_csv, _file, _scenario, index, line, op, args, in reference, in model, differs);

    public void Dispose()
    {
        _csv.Dispose();
        _stream.Dispose();
    }
}
