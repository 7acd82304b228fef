using Conformance.Results;
using CsvHelper;

namespace Conformance.Reports;

/// <summary>
/// steps.csv: every observable of both sides after every recorded step, one row per step. The
/// workers' step logs are rows of this very format, so a scenario's span of its job's log is
/// copied as it is (up to its last whole row: a worker that died mid-write leaves the rest), not
/// read and written again; a scenario the run kept in memory is written here.
/// </summary>
public static class StepsCsv
{
    public static void Write(RunResult run, string path)
    {
        using var file = File.Create(path);
        WriteRows(file, csv =>
        {
            foreach (var name in StepLog.Header)
                csv.WriteField(name);
            csv.EndRecord();
        });
        var buffer = new byte[1 << 16];
        // Finished scenarios of one job follow each other in its log: their spans are copied as
        // one (a run of 30,000 scenarios opened the log 30,000 times, a 64 KB buffer each).
        StepLogSpan? pending = null;
        for (int i = 0; i < run.Scenarios.Count; i++)
        {
            var scenario = run.Scenarios[i];
            var log = run.StepLogOf(i);
            if (log is not null && pending is { End: { } end } && log.Path == pending.Path && log.Start == end)
            {
                pending = pending with { End = log.End };
                continue;
            }
            if (pending is not null)
                CopyWholeRows(pending, file, buffer);
            pending = log;
            if (log is null)
                WriteRows(file, csv =>
                {
                    foreach (var step in scenario.Steps)
                        StepLog.WriteRow(csv, scenario.File, scenario.Name, step);
                });
        }
        if (pending is not null)
            CopyWholeRows(pending, file, buffer);
    }

    // CsvHelper 34: writers are made by factory; the default options are RFC 4180, invariant culture.
    private static void WriteRows(Stream to, Action<CsvWriter> rows)
    {
        using var csv = CsvWriter.Create(to, CsvWriterOptions.Default, leaveOpen: true);
        rows(csv);
    }

    // A finished scenario's span ends where its worker said its last row did: it is copied as it
    // is. Only the span of one its worker died in may end mid-row: it is copied up to its last
    // line end outside quotes, found by a first pass (a log of ten million steps is streamed,
    // never read into memory).
    private static void CopyWholeRows(StepLogSpan log, Stream to, byte[] buffer)
    {
        long end = log.End is null ? LastWholeRowEnd(log, buffer) : long.MaxValue;
        using var from = log.Open();
        for (long left = end; left > 0;)
        {
            int n = from.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0)
                break;
            to.Write(buffer, 0, n);
            left -= n;
        }
    }

    private static long LastWholeRowEnd(StepLogSpan log, byte[] buffer)
    {
        bool quoted = false;
        long end = 0, at = 0;
        using var scan = log.Open();
        for (int n; (n = scan.Read(buffer, 0, buffer.Length)) > 0; at += n)
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] == (byte)'"')
                    quoted = !quoted;
                else if (buffer[i] == (byte)'\n' && !quoted)
                    end = at + i + 1;
            }
        return end;
    }
}
