using System.Diagnostics;
using Conformance.Lockstep.Isolation;
using Conformance.Observation;
using Conformance.Results;
using Conformance.Vectors;

namespace Conformance.Lockstep;

/// <summary>What a run is asked to do once the reference library exists.</summary>
public sealed record RunRequest(
    string ReferenceLibrary,
    RunSubject Subject,
    string VectorRoot,
    IReadOnlyList<string> Includes,
    IReadOnlyList<string> Excludes,
    bool KeepGoing,
    TimeSpan StepTimeout,
    string? RunId = null,
    bool CheckExpectations = true,
    bool RecordEveryStep = false,
    string ModelFamily = "seed",
    IReadOnlyList<string>? Features = null,
    bool PicksClasses = false,
    string? SourceFile = null,
    IReadOnlySet<string>? FailOn = null,
    int Workers = 0,
    int ShardIndex = 1,
    int ShardCount = 1,
    bool ObserveWhole = false,
    bool RecordSteps = true,
    int RecordLimit = StepRecord.RecordLimit,
    bool StopAtFirstFailure = false);

/// <summary>
/// A whole lockstep run: learn the reference's resource enum, read and validate every vector
/// (all errors at once, nothing run), run the scenarios in worker processes, collect the result.
/// </summary>
/// <remarks>
/// Given a <paramref name="pool"/>, the runs share its workers (and their step logs live in it,
/// gone with it); without, each run starts its own and its step log outlives it until the run's
/// reports discard it.
/// </remarks>
public sealed class RunPipeline(WorkerLaunch launch, WorkerPool? pool = null)
{
    // A library's resource enum, asked once per file as it is (a rebuilt library is asked again).
    private readonly Dictionary<(string Path, DateTime Written, long Length), IReadOnlyList<string>> _described = [];

    private IReadOnlyList<string> Describe(WorkerSupervisor supervisor, WorkerJob job)
    {
        var file = new FileInfo(job.ReferenceLibrary);
        var key = (file.FullName, file.Exists ? file.LastWriteTimeUtc : default, file.Exists ? file.Length : -1);
        lock (_described)
            if (_described.TryGetValue(key, out var known))
                return known;
        var names = supervisor.Describe(job);
        lock (_described)
            _described[key] = names;
        return names;
    }

    // A run's own step log folder under root, named so that the next pool removes it if this process dies.
    private static string StepFolder(string root) => StepLogPlace.NewFolder(root, $"{WorkerSupervisor.ScratchPrefix}{Environment.ProcessId}-steps");

    public RunResult Run(RunRequest request, Action<int, int, ScenarioResult>? progress = null)
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var files = VectorSelection.Select(request.VectorRoot, request.Includes, request.Excludes, request.ModelFamily);
        if (files.Count == 0)
            throw new VectorLoadException([new VectorFormatException(
                string.Join(" ", request.Includes.DefaultIfEmpty(VectorSelection.DefaultFor(request.ModelFamily))), 0, 0,
                $"at least one vector file under {request.VectorRoot}")]);
        // Step records go to a log as they are made; the run's reports stream them from there.
        // A run has a folder for them in memory and one in the temp folder, both open to the
        // workers from the start (its own, kept after its workers; or its pool's); which one it
        // writes is known once its scenarios are read (what they may record against the room in
        // memory).
        using var own = pool is null ? new WorkerPool(launch) : null;
        var memory = request.RecordSteps ? StepLogPlace.Memory() : null;
        List<string> stepFolders = !request.RecordSteps ? []
            : pool is not null ? [pool.NewFolder("steps"), .. pool.NewMemoryFolder("steps") is { } inMemory ? new[] { inMemory } : []]
            : [StepFolder(Path.GetTempPath()), .. memory is null ? [] : new[] { StepFolder(memory.Path) }];
        var job = new WorkerJob(request.ReferenceLibrary, request.Subject.ModelVariant, files, request.VectorRoot,
            FirstScenario: 0, request.KeepGoing, request.RecordSteps, ProgressBoardPath: "", request.CheckExpectations, request.RecordEveryStep,
            stepFolders.FirstOrDefault(), request.ModelFamily, request.Features, request.PicksClasses)
        {
            ObserveWhole = request.ObserveWhole,
            RecordLimit = request.RecordLimit,
            StopAtFirstFailure = request.StopAtFirstFailure,
        };
        var supervisor = new WorkerSupervisor(pool ?? own!, request.StepTimeout, request.Workers, pool is null ? stepFolders : []);
        // The library is asked its resources by the worker that then runs the first scenarios.
        // The parent keeps an outline of each scenario (the workers read the rest again): each is
        // outlined as it is read, and what it expected goes young with it.
        var outlines = new List<ScenarioOutline>();
        var estimate = new StepLogPlace.Estimate(request.RecordLimit);
        ResourceProfile profile;
        try
        {
            profile = new ResourceProfile(Describe(supervisor, job), request.Features, request.PicksClasses);
            VectorLoader.Load(request.VectorRoot, files, profile, each: s =>
            {
                outlines.Add(ScenarioOutline.Of(s));
                estimate.Add(s, profile.Names.Count);
            });
        }
        catch
        {
            stepFolders.ForEach(f => Directory.Delete(f, recursive: true));   // a run that never started (a library that does not load, bad vectors) keeps no step log
            throw;
        }
        var stepLog = stepFolders.Count > 1 && StepLogPlace.Fits(estimate.Bytes, memory) ? stepFolders[1] : stepFolders.FirstOrDefault();
        job = job with { StepLogDirectory = stepLog };

        int done = 0;
        // One machine of a matrix runs its share: whole scenarios, contiguous, about equal steps.
        var window = WorkerSupervisor.ShareOf(outlines, request.ShardIndex, request.ShardCount);
        // The workers' JIT keeps tiered PGO only when each has millions of steps to run (WorkerLaunch.PgoSteps).
        own?.Relaunch(own.Launch.For(WorkerSupervisor.StepsPerWorker(outlines, window, request.Workers)));
        IReadOnlyList<ScenarioResult> results;
        try
        {
            results = supervisor.Run(job, outlines, r => progress?.Invoke(++done, window.End - window.Start, r), window);
        }
        finally
        {
            foreach (var unused in stepFolders.Where(f => f != stepLog))
                Directory.Delete(unused, recursive: true);
        }

        var subject = request.Subject with { Resources = profile.Names, ExpectationsChecked = request.CheckExpectations };
        var shard = request.ShardCount > 1 ? new RunShard(request.ShardIndex, request.ShardCount, window.Start, outlines.Count) : null;
        return new RunResult(request.RunId ?? Reports.ReportFolder.NewRunId(started), started, clock.Elapsed, subject, results, supervisor.Stderr, stepLog, shard);
    }
}
