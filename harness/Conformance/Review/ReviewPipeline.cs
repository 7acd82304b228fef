using Conformance.Lockstep;
using Conformance.Lockstep.Isolation;
using Conformance.Results;

namespace Conformance.Review;

/// <summary>A variant to review: its name, the fixes applied to the base, and its built library.</summary>
public sealed record ReviewVariant(string Name, IReadOnlyList<string> Fixes, string Library, string ModelVariant = "patch",
    string? SourceFile = null);

/// <summary>
/// Runs the base and every variant over the same scenarios (keep-going, every step recorded)
/// and compares each variant's reference side with the base's, step by step.
/// </summary>
public sealed class ReviewPipeline(RunPipeline runs)
{
    public (RunResult Base, IReadOnlyList<VariantReview> Variants) Run(RunRequest baseRequest, IReadOnlyList<ReviewVariant> variants,
        Action<string>? progress = null)
    {
        // The base and the variants run side by side, the cores shared out among them: a small
        // suite costs one run's start-up, not one per variant. The comparisons follow, in order.
        int workers = baseRequest.Workers > 0 ? baseRequest.Workers : Math.Max(1, Environment.ProcessorCount / (variants.Count + 1));
        var request = baseRequest with { KeepGoing = true, Workers = workers };
        var runId = request.RunId ?? Reports.ReportFolder.NewRunId(DateTimeOffset.Now);
        var requests = new List<(RunRequest Request, string? SourceFile)> { (request with { RunId = runId }, request.SourceFile) };
        requests.AddRange(variants.Select(v => (request with
        {
            ReferenceLibrary = v.Library,
            Subject = request.Subject with { Fixes = v.Fixes, ReferenceLibrary = v.Library, ModelVariant = v.ModelVariant },
            RunId = $"{runId}-{v.Name}",
        }, v.SourceFile)));
        progress?.Invoke($"base: {request.Subject.Patch}");
        foreach (var v in variants)
            progress?.Invoke($"variant {v.Name}: {string.Join(", ", v.Fixes)}");
        var results = new RunResult?[requests.Count];
        try
        {
            SideBySide.For(requests.Count, requests.Count, i => results[i] = Located(runs.Run(requests[i].Request), requests[i].SourceFile));
            // The comparisons stream the step logs; the finally below removes them once they are made.
            var reviews = variants.Select((v, i) => ReviewDiff.Compare(v.Name, v.Fixes, results[0]!, results[i + 1]!)).ToList();
            return (results[0]!, reviews);
        }
        finally
        {
            foreach (var r in results)
                r?.DiscardStepLog();
        }
    }

    // Each run's findings at the lines of its own source: a fix moves lines.
    private static RunResult Located(RunResult run, string? sourceFile) =>
        sourceFile is null ? run : FindingSources.Locate(run, File.ReadAllLines(sourceFile), Intake.PatchIntake.PatchedFile);
}
