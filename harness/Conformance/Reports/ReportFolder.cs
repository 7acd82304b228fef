using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Conformance.Cli;
using Conformance.FileSystem;

namespace Conformance.Reports;

/// <summary>
/// A run's report folder, <c>reports/&lt;run-id&gt;/</c>, in two phases. <see cref="Reserve"/>
/// checks the location and the run id before any work starts and creates a hidden staging
/// folder the run owns; <see cref="Publish"/> writes each report into it, renames it into place
/// and moves <c>reports/latest</c>. Nothing that existed before is ever replaced or deleted:
/// an existing <c>reports/&lt;run-id&gt;</c> or a <c>latest</c> that is not the harness's link is
/// refused up front. A report that cannot be written does not cost the others: the folder is
/// published with what could be written, and the caller is told which failed.
/// </summary>
public sealed partial class ReportFolder
{
    public const string LatestLink = "latest";
    private const string StagingSuffix = ".partial-";

    public string Root { get; }
    public string RunId { get; }
    public string Final => Path.Combine(Root, RunId);
    private string Staging => Path.Combine(Root, $".{RunId}{StagingSuffix}{Environment.ProcessId}");

    // Set when Reserve made the reports folder itself: abandoning then leaves no trace of the run.
    private bool _createdRoot;

    private ReportFolder(string root, string runId)
    {
        Root = root;
        RunId = runId;
    }

    /// <summary>What publishing wrote: the folder, and each report that failed with the reason.</summary>
    public sealed record Published(string Folder, IReadOnlyList<string> Failed);

    /// <summary>Checks where reports go and reserves the run's folder, or <see cref="UsageException"/>.</summary>
    public static ReportFolder Reserve(string reportsRoot, string? runId)
    {
        runId ??= NewRunId(DateTimeOffset.Now);
        if (!PlainName().IsMatch(runId) || runId == LatestLink)
            throw new UsageException($"--run-id '{Printable(runId)}': expected a plain folder name (letters, digits, '.', '_', '-', '+'; " +
                                     $"not starting with '.'; at most 100 characters; not '{LatestLink}')");
        var root = Path.GetFullPath(reportsRoot);
        var kind = UnixFile.KindOf(root);
        if (kind is not (FileKind.Directory or FileKind.Missing))
            throw new UsageException($"--reports {root}: expected a folder for report folders, but it {UnixFile.Describe(kind)}");
        var folder = new ReportFolder(root, runId);
        if (UnixFile.Exists(folder.Final))
            throw new UsageException($"{folder.Final} already exists: choose another --run-id (a run never replaces reports)");
        var latest = Path.Combine(root, LatestLink);
        var latestInfo = new FileInfo(latest);
        if ((latestInfo.Exists || Directory.Exists(latest)) && latestInfo.LinkTarget is null)
            throw new UsageException($"{latest} is not the symlink the harness keeps there: move it away (the harness never replaces it)");
        try
        {
            folder._createdRoot = kind == FileKind.Missing;
            Directory.CreateDirectory(root);
            RemoveStaleStaging(root);
            Directory.CreateDirectory(folder.Staging);
            // A probe: a read-only or full file system is found now, not after the run.
            File.WriteAllText(Path.Combine(folder.Staging, ".probe"), "");
            File.Delete(Path.Combine(folder.Staging, ".probe"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            folder.Abandon();
            throw new UsageException($"--reports {root}: expected a folder the harness can write, but making or writing it failed: {e.Message}");
        }
        return folder;
    }

    /// <summary>Writes each report (name, writer of that file) and publishes the folder.</summary>
    public Published Publish(IEnumerable<(string Name, Action<string> Write)> reports)
    {
        // Each report is written on its own core: they only read the run (a run of thousands of
        // scenarios spent seconds on one report after the other). Failures are said in the reports'
        // order; anything else a writer throws is thrown here as it was.
        var all = reports.ToList();
        var outcomes = new Exception?[all.Count];
        Parallel.For(0, all.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                all[i].Write(Path.Combine(Staging, all[i].Name));
            }
            catch (Exception e)
            {
                outcomes[i] = e;
            }
        });
        var failed = new List<string>();
        for (int i = 0; i < all.Count; i++)
        {
            if (outcomes[i] is not { } e)
                continue;
            if (e is not (IOException or UnauthorizedAccessException or System.Xml.XmlException or ArgumentException))
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
            failed.Add($"{all[i].Name}: {e.Message}");
            TryDelete(Path.Combine(Staging, all[i].Name));
        }
        if (UnixFile.Exists(Final))
            return new Published(Staging, [.. failed, $"{Final} appeared during the run: the reports stay in {Staging}"]);
        Directory.Move(Staging, Final);
        try
        {
            PointLatestAt();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failed.Add($"{LatestLink}: {e.Message}");
        }
        return new Published(Final, failed);
    }

    /// <summary>Removes the staging folder of a run that will not publish (it is this run's own).</summary>
    public void Abandon()
    {
        try
        {
            if (Directory.Exists(Staging))
                Directory.Delete(Staging, recursive: true);
            if (_createdRoot && !Directory.EnumerateFileSystemEntries(Root).Any())
                Directory.Delete(Root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's stale-staging sweep.
        }
    }

    /// <summary>A new run id: sortable time, then a short random suffix so two runs in one second differ.</summary>
    public static string NewRunId(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    // Staging folders of runs that were killed: named by the harness, with a process id that is gone.
    private static void RemoveStaleStaging(string root)
    {
        foreach (var dir in Directory.EnumerateDirectories(root, $".*{StagingSuffix}*"))
        {
            var name = Path.GetFileName(dir);
            var pid = name[(name.LastIndexOf(StagingSuffix, StringComparison.Ordinal) + StagingSuffix.Length)..];
            if (int.TryParse(pid, out var id) && id != Environment.ProcessId && !UnixFile.ProcessAlive(id))
                Directory.Delete(dir, recursive: true);
        }
    }

    // A relative symlink, swapped in by rename so readers never see it missing.
    private void PointLatestAt()
    {
        var link = Path.Combine(Root, LatestLink);
        var temp = Path.Combine(Root, $".{LatestLink}.{Environment.ProcessId}");
        TryDelete(temp);
        File.CreateSymbolicLink(temp, RunId);
        // File.Move follows a link to a directory and refuses; rename(2) replaces the link itself.
        if (Rename(temp, link) != 0)
            throw new IOException($"could not point {link} at {RunId}: errno {Marshal.GetLastPInvokeError()}");
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static string Printable(string s) => Regex.Replace(s, @"\p{C}", c => $"\\x{(int)c.Value[0]:x2}");

    [GeneratedRegex(@"^[A-Za-z0-9_+\-][A-Za-z0-9_.+\-]{0,99}$")]
    private static partial Regex PlainName();

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string from, string to);
}
