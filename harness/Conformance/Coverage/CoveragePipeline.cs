using System.Diagnostics;

namespace Conformance.Coverage;

/// <summary>
/// Line and branch coverage of the patch's file over a vector suite: the gcov build's pure-C
/// replay runs the scenarios the harness read (as a step file: the vector format has one
/// reader), then gcov reads the counts. Its exit code is checked for a bad step file and crashes.
/// </summary>
public static class CoveragePipeline
{
    private static readonly TimeSpan ReplayTimeout = TimeSpan.FromMinutes(10);

    public const string PatchFile = "drivers/resctrl/mpam_resctrl.c";

    /// <param name="buildDirectory">The coverage flavour's output: the replay, the objects and their .gcno.</param>
    /// <param name="sourceDirectory">The extracted patch (for the annotated listing).</param>
    public static (FileCoverage Coverage, IReadOnlyList<string> Source) Measure(
        string buildDirectory, string replay, string sourceDirectory, string blobId,
        IReadOnlyList<Vectors.Scenario> scenarios, Observation.ResourceProfile profile, IReadOnlyList<CoverageException> exceptions,
        IReadOnlySet<string>? scope = null)
    {
        foreach (var stale in Directory.GetFiles(buildDirectory, "*.gcda", SearchOption.AllDirectories))
            File.Delete(stale);
        var steps = Path.Combine(buildDirectory, $"coverage-{Environment.ProcessId}.steps");
        Vectors.StepFileWriter.Write(steps, scenarios, profile);
        try
        {
            // The replay runs the patch's code: in the sandbox, writing only its build folder (the .gcda counts).
            // --bench 1: every step once, as the text mode runs it, without formatting each step's
            // observables (at -O0 that printing, of 4096-CPU masks, took 50 times longer than the steps).
            var inner = new ProcessStartInfo(replay) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "--bench", "1", steps })
                inner.ArgumentList.Add(arg);
            using var process = Process.Start(Sandbox.Bubblewrap.Wrap(inner, new Sandbox.SandboxSpec([], [buildDirectory], buildDirectory)))!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(ReplayTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"the coverage replay did not finish within {ReplayTimeout.TotalMinutes:0} minutes");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"the coverage replay exited with {process.ExitCode}: {(stderr.Wait(5000) ? stderr.Result.Trim() : "")}");
        }
        finally
        {
            File.Delete(steps);
        }
        var lines = GcovReport.LinesOf(GcovRunner.JsonFor(buildDirectory), PatchFile);
        if (lines.Count == 0)
            throw new InvalidOperationException($"gcov reported no line of {PatchFile} under {buildDirectory}");
        var source = File.ReadAllLines(Path.Combine(sourceDirectory, PatchFile));
        return (new FileCoverage(PatchFile, blobId, lines, exceptions, scope), source);
    }
}
