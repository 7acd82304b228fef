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
/// process per run. A line `describe LIB` instead of a path binds the library and answers its
/// resource enum: the run that asks then gives its jobs to the same worker. The end of stdin ends it.
/// </summary>
public static class WorkerCommand
{
    public const string Verb = "worker";

    public static Command Create()
    {
        var command = new Command(Verb, "Run scenarios for a supervisor (internal).");
        command.Hidden = true;
        command.SetAction(_ => Run());
        return command;
    }

    /// <summary>The worker's whole life: what `conformance worker` runs.</summary>
    public static int Run() => Serve(JobsUntilParentGoes());

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

    private static int Serve(BlockingCollection<string> jobs)
    {
        string? library = null;
        NativeSide? reference = null;
        // The one library this process binds, for its whole life.
        NativeSide Bind(string wanted, string asking)
        {
            if (library is null)
            {
                MpamRefLibrary.Use(wanted);
                library = wanted;
                reference = new NativeSide();
            }
            else if (wanted != library)
                throw new ArgumentException($"{asking}: a job for {library}, the library this worker bound, but it names {wanted}");
            return reference!;
        }
        foreach (var line in jobs.GetConsumingEnumerable())
        {
            if (line.StartsWith(WorkerWire.DescribeRequest, StringComparison.Ordinal))
            {
                var side = Bind(line[WorkerWire.DescribeRequest.Length..], line);
                Console.Out.WriteLine(ReferenceDescription.Tag + string.Join(' ', side.Profile.Names));
                Console.Out.WriteLine(WorkerWire.DoneTag);
                Console.Out.Flush();
                continue;
            }
            var job = WorkerJob.Load(line);
            Run(job, Bind(job.ReferenceLibrary, line));
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
        // With an end, the job's scenarios only (the others are not parsed). Each is run as soon as
        // it is read and then let go: a worker holds one scenario at a time, not its whole share.
        var window = job.EndScenario is { } last ? new ScenarioWindow(job.FilesFirstScenario, job.FirstScenario, last) : null;
        using var board = ProgressBoard.Open(job.ProgressBoardPath);
        var runner = new LockstepRunner(reference, model, new LockstepOptions(job.KeepGoing, job.RecordSteps, CheckExpectations: job.CheckExpectations, RecordEveryStep: job.RecordEveryStep,
            ObserveWhole: job.ObserveWhole, RecordLimit: job.RecordLimit), board);
        var stdout = Console.Out;
        using var log = job.StepLogDirectory is { } dir ? new StepLogWriter(StepLog.PathOf(dir, job.FirstScenario)) : null;
        // Nothing is run once anything read was refused (the parent read the same files first and refused any error).
        int next = window is null ? 0 : job.FirstScenario;
        bool failed = false;
        VectorLoader.Load(job.VectorRoot, job.VectorFiles, profile, window, scenario =>
        {
            int i = next++;
            if (i < job.FirstScenario || (failed && job.StopAtFirstFailure))
                return;
            log?.Begin(scenario.File, scenario.Name);
            var result = runner.Run(scenario, i, log, i == job.FirstScenario ? job.StepLimit : null);
            failed |= result.Outcome != ScenarioOutcome.Conforms;
            stdout.WriteLine(WorkerWire.ResultLine(result, log?.End()));
            stdout.Flush();
        });
        stdout.WriteLine(WorkerWire.DoneTag);
        stdout.Flush();
    }
}
