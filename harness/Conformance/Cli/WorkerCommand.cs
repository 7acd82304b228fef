using System.Collections.Concurrent;
using System.CommandLine;
using Conformance.Interop;
using Conformance.Lockstep;
using Conformance.Lockstep.Isolation;
using Conformance.Model;
using Conformance.Results;
using Conformance.Vectors;

namespace Conformance.Cli;

/// <summary>
/// `conformance worker` (hidden): the child process the supervisor starts. It reads job files,
/// one path per line on stdin, and runs each: one reference library bound for its whole life,
/// scenarios in lockstep from the job's first scenario to its end, each result written to
/// stdout as soon as it is done (so that if the native code kills this process everything
/// finished before is already with the supervisor), then the done tag. It then waits for the
/// next job: a supervisor that keeps it (explore's batches, shrinking's rounds) starts no new
/// process per run. The end of stdin ends it.
/// `conformance worker --describe LIB` prints the library's resource enum.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var describe = new Option<string?>("--describe") { Description = "print the resource enum of this reference library and exit" };
        var command = new Command("worker", "Run scenarios for a supervisor (internal).") { describe };
        command.Hidden = true;
        command.SetAction(parsed =>
        {
            var jobs = JobsUntilParentGoes();
            return parsed.GetValue(describe) is { } library ? Describe(library) : Serve(jobs);
        });
        return command;
    }

    /// <summary>
    /// The job paths the supervisor writes on this process's stdin. The read sees the end of the
    /// stream when the supervisor closes it or dies, however it dies, and the worker then kills
    /// itself at once (its native code may be hung mid-job). bubblewrap's --die-with-parent does
    /// the same for the sandbox, except when the supervisor is killed before bubblewrap has set it up.
    /// </summary>
    private static BlockingCollection<string> JobsUntilParentGoes()
    {
        var jobs = new BlockingCollection<string>();
        var reader = new Thread(() =>
        {
            using var stdin = new StreamReader(Console.OpenStandardInput());
            try
            {
                while (stdin.ReadLine() is { } line)
                    if (line.Length > 0)
                        jobs.Add(line);
            }
            catch (IOException)
            {
                // the pipe broke: the supervisor is gone
            }
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        })
        { IsBackground = true, Name = "jobs-from-parent" };
        reader.Start();
        return jobs;
    }

    private static int Describe(string library)
    {
        MpamRefLibrary.Use(library);
        var side = new NativeSide();
        Console.WriteLine(ReferenceDescription.Tag + string.Join(' ', side.Profile.Names));
        return ExitCodes.Conforms;
    }

    private static int Serve(BlockingCollection<string> jobs)
    {
        string? library = null;
        NativeSide? reference = null;
        foreach (var path in jobs.GetConsumingEnumerable())
        {
            var job = WorkerJob.Load(path);
            if (library is null)
            {
                MpamRefLibrary.Use(job.ReferenceLibrary);
                library = job.ReferenceLibrary;
                reference = new NativeSide();
            }
            else if (job.ReferenceLibrary != library)
                throw new ArgumentException($"{path}: a job for {library}, the library this worker bound, but it names {job.ReferenceLibrary}");
            Run(job, reference!);
        }
        return ExitCodes.Conforms;
    }

    private static void Run(WorkerJob job, NativeSide reference)
    {
        if (!ModelVariantNames.TryParse(job.ModelVariant, out var variant))
            throw new ArgumentException($"unknown model variant '{job.ModelVariant}'");
        var family = ModelFamilies.ByName(job.ModelFamily) ?? throw new ArgumentException($"unknown model family '{job.ModelFamily}'");
        // The reference says its resources; the revision's header, read by the parent, its features.
        var profile = reference.Profile.WithRevision(job.Features ?? [], job.PicksClasses);
        var model = family.Create(profile, variant);
        var scenarios = VectorLoader.Load(job.VectorRoot, job.VectorFiles, profile);
        using var board = ProgressBoard.Open(job.ProgressBoardPath);
        var runner = new LockstepRunner(reference, model, new LockstepOptions(job.KeepGoing, job.RecordSteps, CheckExpectations: job.CheckExpectations, RecordEveryStep: job.RecordEveryStep,
            ObserveWhole: job.ObserveWhole), board);
        var stdout = Console.Out;
        int end = Math.Min(job.EndScenario ?? scenarios.Count, scenarios.Count);   // a worker runs its share of the scenarios
        for (int i = job.FirstScenario; i < end; i++)
        {
            using var log = job.StepLogDirectory is { } dir ? new StepLogWriter(dir, i, scenarios[i].File, scenarios[i].Name) : null;
            stdout.WriteLine(WorkerWire.ResultLine(runner.Run(scenarios[i], i, log)));
            stdout.Flush();
        }
        stdout.WriteLine(WorkerWire.DoneTag);
        stdout.Flush();
    }
}
