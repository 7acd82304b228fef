using System.CommandLine;
using Conformance.Reports;
using Conformance.Vectors;

namespace Conformance.Cli;

/// <summary>
/// A verb's work with a report folder reserved before anything runs and a scratch folder of its
/// own: the report folder is abandoned when the work throws (no half-made report appears), the
/// scratch folder is removed whatever happens.
/// </summary>
internal static class FolderedWork
{
    public static int Run(ReportFolder folder, string scratchPrefix, Func<string, int> work)
    {
        var scratch = Directory.CreateTempSubdirectory(scratchPrefix).FullName;
        try
        {
            return work(scratch);
        }
        catch
        {
            folder.Abandon();
            throw;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}

/// <summary>The options every verb that runs a suite and writes a report folder takes: which vectors, and where the reports go.</summary>
internal sealed class SuiteOptions
{
    public Option<string[]> Vectors { get; } = new("--vectors") { Description = $"vector files (glob or folder, repeatable; default {VectorSelection.DefaultInclude})" };
    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "vector files to leave out (glob or folder, repeatable)" };
    public Option<string?> Reports { get; } = new("--reports") { Description = "where report folders go (default: reports/)" };
    public Option<string?> RunId { get; } = new("--run-id") { Description = "name of the report folder" };

    public void AddTo(Command command)
    {
        command.Options.Add(Vectors);
        command.Options.Add(Exclude);
        command.Options.Add(Reports);
        command.Options.Add(RunId);
    }

    public ReportFolder Reserve(ParseResult parsed) =>
        ReportFolder.Reserve(parsed.GetValue(Reports) ?? Path.Combine(Directory.GetCurrentDirectory(), "reports"), parsed.GetValue(RunId));
}

/// <summary>The patch built for the lockstep, and the run request for its model family: what every verb that runs a suite over it starts from.</summary>
internal static class SuiteRequest
{
    public static (ReferenceBuild.BuiltReference Built, Lockstep.RunRequest Request) For(Intake.PatchSource source, IReadOnlyList<string> fixes, string verb,
        string vectorRoot, IReadOnlyList<string> includes, IReadOnlyList<string> excludes, TimeSpan stepTimeout, string runId)
    {
        var built = ReferenceBuild.ReferenceBuilder.Build(source, fixes, ReferenceBuild.Flavor.Release);
        var revision = Model.RevisionFacts.Of(built.SourceDirectory);
        var (family, notModelled) = ModelFamilyChoice.For(revision, null, verb);
        var request = new Lockstep.RunRequest(built.LibraryPath,
            new Results.RunSubject(source.Describe, fixes, "patch", built.LibraryPath, [], ModelFamily: family.Name, NotModelled: notModelled),
            vectorRoot, includes, excludes, KeepGoing: false, stepTimeout, RunId: runId, ModelFamily: family.Name,
            Features: revision.Features, PicksClasses: revision.PicksClasses);
        return (built, request);
    }
}
