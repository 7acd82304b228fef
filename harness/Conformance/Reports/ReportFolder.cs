namespace Conformance.Reports;

/// <summary>
/// Writes a run's reports into <c>reports/&lt;run-id&gt;/</c> all at once: everything goes into a
/// hidden staging folder first and is renamed into place only when every file is complete, so a
/// run that dies halfway never leaves a half-written report, and <c>reports/latest</c> is moved
/// only after that.
/// </summary>
public static partial class ReportFolder
{
    public const string LatestLink = "latest";

    /// <summary>Writes the files <paramref name="writeFiles"/> produces and returns the final folder.</summary>
    public static string Publish(string reportsRoot, string runId, Action<string> writeFiles)
    {
        if (runId.Length == 0 || runId.IndexOfAny(['/', '\\']) >= 0 || runId is "." or ".." or LatestLink)
            throw new ArgumentException($"run id '{runId}' is not a plain folder name", nameof(runId));

        Directory.CreateDirectory(reportsRoot);
        var final = Path.Combine(reportsRoot, runId);
        var staging = Path.Combine(reportsRoot, $".{runId}.partial");
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            writeFiles(staging);
            if (Directory.Exists(final))
                Directory.Delete(final, recursive: true);
            Directory.Move(staging, final);
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
        PointLatestAt(reportsRoot, runId);
        return final;
    }

    /// <summary>A new run id: sortable time, then a short random suffix so two runs in one second differ.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    // A relative symlink, swapped in by rename so readers never see it missing.
    private static void PointLatestAt(string reportsRoot, string runId)
    {
        var link = Path.Combine(reportsRoot, LatestLink);
        var temp = Path.Combine(reportsRoot, $".{LatestLink}.{Environment.ProcessId}");
        if (File.Exists(temp) || Directory.Exists(temp))
            File.Delete(temp);
        File.CreateSymbolicLink(temp, runId);
        // File.Move follows a link to a directory and refuses; rename(2) replaces the link itself.
        if (Rename(temp, link) != 0)
            throw new IOException($"could not point {link} at {runId}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int Rename(string from, string to);
}
