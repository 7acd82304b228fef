using System.CommandLine;
using Conformance.FileSystem;
using Conformance.Observation;
using Conformance.Vectors;

namespace Conformance.Cli;

/// <summary>
/// `conformance steps --vectors GLOB --out FILE`: the vectors read and checked by the harness's
/// one reader, written as a step file for the C side (reference-c's replay under gcov, the
/// sanitizers and the bench). Bad vectors exit 2 with every error, as `run` does.
/// </summary>
public static class StepsCommand
{
    public static Command Create()
    {
        var vectors = new Option<string[]>("--vectors") { Description = $"vector files (glob or folder, repeatable; default {VectorSelection.DefaultInclude})" };
        var output = new Option<string>("--out") { Description = "the step file to write (must not exist)", Required = true };
        var featuresFrom = new Option<string?>("--features-from") { Description = "a kernel tree (or extracted source): the features props rows may name, and whether map rows are refused" };
        var command = new Command("steps", "Write vectors as a step file for the C replay (read and checked here, the one reader).") { vectors, output, featuresFrom };
        command.SetAction(parsed =>
        {
            var target = Path.GetFullPath(parsed.GetValue(output)!);
            if (UnixFile.Exists(target))
                throw new UsageException($"--out {target} exists: name a new file (steps never replaces one)");
            var root = Directory.GetCurrentDirectory();
            var revision = parsed.GetValue(featuresFrom) is { } tree && File.Exists(Path.Combine(tree, Intake.PatchIntake.PatchedFile))
                ? Model.RevisionFacts.Of(tree)
                : null;
            var family = revision is null ? Model.ModelFamilies.Seed : Model.ModelFamilies.Pick(revision.Defined).Family;
            var files = VectorSelection.Select(root, parsed.GetValue(vectors) ?? [], [], family.Name);
            if (files.Count == 0)
                throw new UsageException($"--vectors: expected at least one vector file under {root}");
            var profile = revision?.Profile(ResourceProfile.Default) ?? ResourceProfile.Default;
            var scenarios = VectorLoader.Load(root, files, profile);
            StepFileWriter.Write(target, scenarios, profile);
            Console.Error.WriteLine($"conformance steps: {scenarios.Count} scenario(s), {scenarios.Sum(s => s.Steps.Count)} step(s) -> {target}");
            return ExitCodes.Conforms;
        });
        return command;
    }
}
