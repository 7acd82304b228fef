using Conformance.Lockstep;
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
        var request = baseRequest with { KeepGoing = true };
        progress?.Invoke($"base: {request.Subject.Patch}");
        var baseRun = Located(runs.Run(request), request.SourceFile);
        var reviews = new List<VariantReview>();
        try
        {
            foreach (var v in variants)
            {
                progress?.Invoke($"variant {v.Name}: {string.Join(", ", v.Fixes)}");
                var variantRun = Located(runs.Run(request with
                {
                    ReferenceLibrary = v.Library,
                    Subject = request.Subject with { Fixes = v.Fixes, ReferenceLibrary = v.Library, ModelVariant = v.ModelVariant },
                    RunId = $"{baseRun.RunId}-{v.Name}",
                }), v.SourceFile);
                // The comparison streams both step logs; once it is made, the variant's log is not needed.
                try { reviews.Add(ReviewDiff.Compare(v.Name, v.Fixes, baseRun, variantRun)); }
                finally { variantRun.DiscardStepLog(); }
            }
        }
        finally
        {
            baseRun.DiscardStepLog();
        }
        return (baseRun, reviews);
    }

    // Each run's findings at the lines of its own source: a fix moves lines.
    private static RunResult Located(RunResult run, string? sourceFile) =>
        sourceFile is null ? run : FindingSources.Locate(run, File.ReadAllLines(sourceFile), Intake.PatchIntake.PatchedFile);
}
