using System.Diagnostics;

namespace Conformance.Coverage;

/// <summary>
/// Line and branch coverage of the patch's file over a vector suite: the gcov build's pure-C
/// replay runs every vector file (the same files the harness runs), then gcov reads the counts.
/// The replay's own verdict on expectations is not coverage's business; its exit code is only
/// checked for bad input (2) and crashes.
/// </summary>
public static class CoveragePipeline
{
    public const string PatchFile = "drivers/resctrl/mpam_resctrl.c";

    /// <param name="buildDirectory">The coverage flavour's output: the replay, the objects and their .gcno.</param>
    /// <param name="sourceDirectory">The extracted patch (for the annotated listing).</param>
    public static (FileCoverage Coverage, IReadOnlyList<string> Source) Measure(
        string buildDirectory, string replay, string sourceDirectory, string blobId,
        IReadOnlyList<string> vectorFiles, string vectorRoot, IReadOnlyList<CoverageException> exceptions)
    {
        foreach (var stale in Directory.GetFiles(buildDirectory, "*.gcda", SearchOption.AllDirectories))
            File.Delete(stale);
        var start = new ProcessStartInfo(replay)
        {
            WorkingDirectory = vectorRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var file in vectorFiles)
            start.ArgumentList.Add(file);
        using (var process = Process.Start(start)!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode is not (0 or 1))
                throw new InvalidOperationException($"the coverage replay exited with {process.ExitCode}: {stderr.Result.Trim()}");
        }
        var lines = GcovReport.LinesOf(GcovRunner.JsonFor(buildDirectory), PatchFile);
        if (lines.Count == 0)
            throw new InvalidOperationException($"gcov reported no line of {PatchFile} under {buildDirectory}");
        var source = File.ReadAllLines(Path.Combine(sourceDirectory, PatchFile));
        return (new FileCoverage(PatchFile, blobId, lines, exceptions), source);
    }
}
