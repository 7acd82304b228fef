using Conformance.Intake;
using Conformance.Lockstep;
using Conformance.ReferenceBuild;
using Conformance.Results;

namespace Conformance.Mutation;

/// <summary>
/// Runs the suite against each mutant: the patch with one planted bug, built as a fix on top of it,
/// held against the unchanged model and the vectors' golden expectations, each scenario in a
/// sandboxed worker (a mutant that loops is a timeout, not a hang). Killed when any scenario
/// fails; survived when every one passes; stillborn when the mutant does not compile.
/// </summary>
public sealed class MutationRun(RunPipeline pipeline, PatchSource source, IReadOnlyList<string> fixes, RunRequest request, string scratch)
{
    public MutantResult Judge(Mutant mutant)
    {
        var diff = Path.Combine(scratch, $"mutant-{mutant.Id}.diff");
        File.WriteAllText(diff, mutant.AsDiff(PatchIntake.PatchedFile));
        BuiltReference built;
        try
        {
            built = ReferenceBuilder.Build(source, [.. fixes, diff], Flavor.Mutant);
        }
        catch (ReferenceBuildException e)
        {
            return new MutantResult(mutant, MutantFate.Stillborn, e.Missing.FirstOrDefault() ?? "does not compile");
        }
        // A planted bug is code written to slip past: every step is observed whole, so a change it
        // makes behind the stand-ins' backs is seen at the step it happens, not only at the scenario's end.
        // The first scenario that fails kills it: the suite's run stops there (in suite order, one worker).
        var run = pipeline.Run(request with { ReferenceLibrary = built.LibraryPath, ObserveWhole = true, RecordSteps = false, StopAtFirstFailure = true });
        var failed = run.Scenarios.FirstOrDefault(s => s.Outcome != ScenarioOutcome.Conforms);
        return failed is null
            ? new MutantResult(mutant, MutantFate.Survived, $"all {run.Scenarios.Count} scenarios pass")
            : new MutantResult(mutant, MutantFate.Killed, $"{failed.Name} ({failed.File}:{failed.FirstFailure?.Line ?? failed.Line}): {failed.Outcome}");
    }
}
