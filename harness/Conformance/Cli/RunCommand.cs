using System.CommandLine;
using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Results;
using Conformance.Vectors;

namespace Conformance.Cli;

/// <summary>
/// `conformance run`: every selected vector in lockstep between the patch's C code and the model.
/// Exit 0 when all conform, 1 on a divergence or failed expectation, 2 for bad input, 3 when the
/// reference does not build. Reports go to reports/&lt;run-id&gt;/ and reports/latest.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var patch = new PatchOptions();
        var lib = new Option<string?>("--lib") { Description = "an already built reference library (libmpamref.so) to run instead of building the patch" };
        var vectors = new Option<string[]>("--vectors") { Description = $"vector files to run (glob, repeatable; default {VectorSelection.DefaultInclude})" };
        var exclude = new Option<string[]>("--exclude") { Description = "vector files to leave out (glob, repeatable)" };
        var keepGoing = new Option<bool>("--keep-going") { Description = "run each scenario to its end after its first failure" };
        var variant = new Option<string>("--model-variant")
        {
            Description = $"the model's variant: {string.Join(", ", ModelVariantNames.Names)} (join with +)",
            DefaultValueFactory = _ => "patch",
        };
        var runId = new Option<string?>("--run-id") { Description = "name of the report folder (default: time and a random suffix)" };
        var reports = new Option<string?>("--reports") { Description = "where report folders go (default: reports/ of the repository)" };
        var ignoreExpectations = new Option<bool>("--ignore-expectations")
        {
            Description = "hold the C code against the model only; the vectors' golden expectations describe the base patch, not a fix",
        };
        var timeout = new Option<double>("--step-timeout") { Description = "seconds a step may take before the reference counts as hung", DefaultValueFactory = _ => 10 };
        var command = new Command("run", "Run vectors in lockstep between the patch's C code and the managed model, and write reports.")
        {
            lib, vectors, exclude, keepGoing, variant, runId, reports, timeout, ignoreExpectations,
        };
        patch.AddTo(command);
        command.SetAction(parsed =>
        {
            var modelVariant = parsed.GetValue(variant)!;
            if (!ModelVariantNames.TryParse(modelVariant, out _))
                return Fail($"--model-variant: expected one of {string.Join(", ", ModelVariantNames.Names)} (or several joined by +), got '{modelVariant}'");
            string library, described;
            IReadOnlyList<string> fixes = patch.FixesOf(parsed);
            if (parsed.GetValue(lib) is { } given)
            {
                if (!File.Exists(given))
                    return Fail($"{given}: no such reference library");
                library = described = given;
            }
            else
            {
                if (patch.SourceOf(parsed, "run") is not { } source)
                    return ExitCodes.BadInput;
                if (BuildReferenceCommand.TryBuild(source, fixes, ReferenceBuild.Flavor.Release, out var built) is { } failed)
                    return failed;
                library = built!.LibraryPath;
                described = source.Describe;
            }
            var request = new RunRequest(Path.GetFullPath(library),
                new RunSubject(described, fixes, modelVariant, Path.GetFullPath(library), []),
                Directory.GetCurrentDirectory(), parsed.GetValue(vectors) ?? [], parsed.GetValue(exclude) ?? [],
                parsed.GetValue(keepGoing), TimeSpan.FromSeconds(parsed.GetValue(timeout)), parsed.GetValue(runId),
                CheckExpectations: !parsed.GetValue(ignoreExpectations));
            return RunExecution.Execute(request, parsed.GetValue(reports) ?? DefaultReports());
        });
        return command;
    }

    private static string DefaultReports() => Path.Combine(Directory.GetCurrentDirectory(), "reports");

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"conformance run: {message}");
        return ExitCodes.BadInput;
    }
}
