using Conformance.Vectors;

namespace Conformance.Results;

/// <summary>
/// Where a run's step logs are written: in memory (a tmpfs, Linux's <c>/dev/shm</c>) when it
/// has room for what the run may record, else in the temp folder. A log is written once, read
/// once into steps.csv and deleted: on a disk file system the pages a log took were written,
/// then freed again, and that cost a recorded step more than formatting it did (64 CPUs, this
/// VM's ext4: 2.0 us a row against 0.45 us in tmpfs, appending 0.8 us).
/// </summary>
public static class StepLogPlace
{
    /// <summary>A memory-backed folder and the bytes free in it.</summary>
    public sealed record MemoryFolder(string Path, long Free, long Size);

    /// <summary>What a memory folder keeps free beyond the run's logs: the machine's other users of it, and the estimate's error.</summary>
    public static long Headroom(MemoryFolder memory) => Math.Max(1L << 30, memory.Size / 4);

    /// <summary>Whether step logs of <paramref name="estimatedBytes"/> go to the memory folder: they fit there with <see cref="Headroom"/> to spare.</summary>
    public static bool Fits(long estimatedBytes, MemoryFolder? memory) =>
        memory is not null && estimatedBytes <= memory.Free - Headroom(memory);

    /// <summary>This machine's memory folder and the room in it now, or none (<see cref="MemoryPath"/>).</summary>
    public static MemoryFolder? Memory()
    {
        if (MemoryPath.Value is not { } path)
            return null;
        try
        {
            var drive = new DriveInfo(path);
            return new MemoryFolder(path, drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary><c>/dev/shm</c> when it is a tmpfs this process may make folders in, else null; looked at once a process.</summary>
    public static readonly Lazy<string?> MemoryPath = new(() =>
    {
        const string shm = "/dev/shm";
        if (!OperatingSystem.IsLinux() || !Directory.Exists(shm))
            return null;
        try
        {
            if (new DriveInfo(shm).DriveFormat != "tmpfs")
                return null;
            Directory.Delete(NewFolder(shm, "conformance-probe-"));
            return shm;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    });

    /// <summary>
    /// A new folder under <paramref name="root"/> that only this user may enter, its name
    /// <paramref name="prefix"/> and random letters: a shared folder's other users cannot have
    /// made it first.
    /// </summary>
    public static string NewFolder(string root, string prefix)
    {
        while (true)
        {
            var path = System.IO.Path.Combine(root, prefix + System.IO.Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
            if (Directory.Exists(path) || File.Exists(path))
                continue;
            var made = OperatingSystem.IsWindows() ? Directory.CreateDirectory(path)
                : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (made.LinkTarget is null)
                return made.FullName;
        }
    }

    /// <summary>
    /// What a run's step logs may grow to, estimated high scenario by scenario: each records at
    /// most its record limit, the steps of its kept failures and its last; a row is taken as a
    /// kilobyte of fixed columns and, on both sides, a cpulist of every other CPU for each
    /// resource and the online mask. Not a bound (a CPU may sit in many domains, a WARN site's
    /// name may be long), but real rows are a fraction of it (a 64-CPU bench row is 380 bytes
    /// against 1.5 KB), and <see cref="Headroom"/> is kept besides: it errs towards the temp folder.
    /// </summary>
    public sealed class Estimate(int recordLimit)
    {
        public long Bytes { get; private set; }

        public void Add(Scenario scenario, int resources)
        {
            long rows = Math.Min(scenario.Steps.Count, (long)recordLimit + Failure.Kept + 1);
            Bytes += rows * RowBytes(CpusOf(scenario), resources);
        }

        public static long RowBytes(int cpus, int resources) => FixedColumns + 2L * (resources + 1) * LongestCpuList(cpus);

        // The file, scenario, step, line, op, args and differs columns, the rc, events and counters.
        private const int FixedColumns = 1024;

        // Every other CPU: "0,2,4,...", each with its digits and a comma.
        private static long LongestCpuList(int cpus) => (cpus + 1) / 2 * (long)(Digits(cpus) + 1);

        private static int Digits(int n) => n < 10 ? 1 : 1 + Digits(n / 10);

        // The most CPUs a topology row of the scenario gives (one, to count a row, when none does).
        private static int CpusOf(Scenario scenario)
        {
            var args = scenario.Steps is StepList list ? list.RowArgs() : scenario.Steps.Select(s => (StepArgs?)s.Args);
            int cpus = 1;
            foreach (var a in args)
                if (a is TopologyArgs topology)
                    cpus = Math.Max(cpus, topology.Cpus);
            return cpus;
        }
    }
}
