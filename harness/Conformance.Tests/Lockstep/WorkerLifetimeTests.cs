using System.Diagnostics;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// Every wait on the patch's code is bounded, and no worker outlives the run: a library that
/// hangs while loading, a crash that leaves a forked child holding the worker's stdout, and a
/// run killed with SIGKILL.
/// </summary>
public sealed class WorkerLifetimeTests : TempDirectoryTest
{
    private const string Header = "scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note\n";

    private void Vectors(string csv)
    {
        Directory.CreateDirectory(Path.Combine(TempDir, "vectors", "seed"));
        File.WriteAllText(Path.Combine(TempDir, "vectors", "seed", "v.csv"), Header + csv);
    }

    [Test, CancelAfter(120_000)]
    public void ALibraryWhoseConstructorHangsIsStoppedAndReported()
    {
        var library = TestLibraries.Crashing(TempDir, "hangs-when-loaded.so", "HANG_WHEN_LOADED");
        Vectors("s,topology,cpus=4,,,,,\n");
        var (exit, _, error) = ConsoleCapture.Run(TempDir, "run", "--lib", library, "--step-timeout", "5", "--reports", Path.Combine(TempDir, "reports"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence), error);
        Assert.That(error, Does.Contain($"{library}: expected a reference library that loads, but loading it did not finish within"));
        Assert.That(Directory.Exists(Path.Combine(TempDir, "reports")), Is.False, "a run that never started publishes nothing");
    }

    [Test, CancelAfter(120_000)]
    public void ACrashWhoseChildHoldsTheWorkersStdoutIsDeclaredWhenTheWorkerDies()
    {
        var library = TestLibraries.Crashing(TempDir);
        Vectors("forks,topology,cpus=8,,,,,\nforks,online,cpu=5,,,,,\nafter,topology,cpus=8,,,,,\n");
        var (exit, _, error) = ConsoleCapture.Run(TempDir, "run", "--lib", library, "--step-timeout", "600", "--reports", Path.Combine(TempDir, "reports"));
        // With a step timeout of 600 s, only watching the worker (not the pipe the child holds
        // for 300 s) ends this within the test's bound.
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence), error);
        var summary = File.ReadAllText(Path.Combine(TempDir, "reports", "latest", "summary.md"));
        Assert.That(summary, Does.Contain("| `forks` | `vectors/seed/v.csv:2` | Crashed |"));
        Assert.That(summary, Does.Contain("| `after` | `vectors/seed/v.csv:4` | Conforms |"));
    }

    [Test, CancelAfter(120_000)]
    public void AKilledRunLeavesNoWorkerAndTheNextRunClearsItsLeftovers()
    {
        var library = TestLibraries.Crashing(TempDir);
        Vectors("hangs,topology,cpus=8,,,,,\nhangs,online,cpu=4,,,,,\n");
        var tmp = Directory.CreateDirectory(Path.Combine(TempDir, "tmp")).FullName;
        var reports = Path.Combine(TempDir, "reports");
        using var run = StartConformance(tmp, "run", "--lib", library, "--step-timeout", "600", "--reports", reports, "--run-id", "killed");

        var scratchPrefix = Path.Combine(tmp, $"conformance-worker-{run.Id}-");
        var worker = Poll(() => WorkerProcesses(scratchPrefix).FirstOrDefault(), TimeSpan.FromSeconds(60));
        Assert.That(worker, Is.Not.Zero, "the worker started");
        run.Kill();   // SIGKILL: the run gets no chance to clean up
        run.WaitForExit();

        Assert.That(Poll(() => WorkerProcesses(scratchPrefix).Count == 0 ? 1 : 0, TimeSpan.FromSeconds(20)), Is.EqualTo(1),
            () => "the worker died with its parent; still there: " + Survivors(scratchPrefix));
        Assert.That(Directory.GetDirectories(tmp, "conformance-worker-*"), Is.Not.Empty, "the killed run's scratch is still there");
        Assert.That(Directory.GetDirectories(reports, ".killed.partial-*", new EnumerationOptions { AttributesToSkip = 0 }), Is.Not.Empty);

        Vectors("quick,topology,cpus=8,,,,,\n");
        using var next = StartConformance(tmp, "run", "--lib", library, "--reports", reports, "--run-id", "next");
        Assert.That(next.WaitForExit(60_000), Is.True);
        Assert.That(next.ExitCode, Is.EqualTo(ExitCodes.Conforms), next.StandardError.ReadToEnd());
        Assert.That(Directory.GetDirectories(tmp, "conformance-worker-*"), Is.Empty, "the next run removed the dead run's scratch");
        Assert.That(Directory.GetDirectories(reports, ".*", new EnumerationOptions { AttributesToSkip = 0 }), Is.Empty,
            "and its half-made report folder");
        Assert.That(Directory.Exists(Path.Combine(reports, "next")), Is.True);
    }

    private Process StartConformance(string tmp, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = TempDir, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["TMPDIR"] = tmp;
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        return process;
    }

    // Processes whose command line names a job in the run's scratch folder.
    private static List<int> WorkerProcesses(string scratchPrefix)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(scratchPrefix, StringComparison.Ordinal))
                        found.Add(pid);
                }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        return found;
    }

    // Which processes outlived the run, as /proc tells them: for a failure message.
    private static string Survivors(string scratchPrefix) => string.Join("; ", WorkerProcesses(scratchPrefix).Select(pid =>
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            string Field(string name) => status.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..].Trim() ?? "?";
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return $"pid {pid} {Field("Name")} state {Field("State")} ppid {Field("PPid")}: {cmdline[..Math.Min(cmdline.Length, 160)]}";
        }
        catch (IOException)
        {
            return $"pid {pid} (gone)";
        }
    }));

    private static int Poll(Func<int> probe, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (probe() is var value && value != 0)
                return value;
            Thread.Sleep(100);
        }
        return 0;
    }
}
