using System.CommandLine;
using Conformance.Interop;
using Conformance.Lockstep;
using Conformance.Lockstep.Isolation;
using Conformance.Model;
using Conformance.Results;
using Conformance.Vectors;

namespace Conformance.Cli;

/// <summary>
/// `conformance worker JOB` (hidden): the child process the supervisor starts. It binds one
/// reference library, runs scenarios in lockstep from the job's first scenario on, and writes
/// each result to stdout as soon as it is done, so that if the native code kills this process
/// everything finished before is already with the supervisor.
/// `conformance worker --describe LIB` prints the library's resource enum.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var job = new Argument<string?>("job") { Description = "the job file the supervisor wrote", Arity = ArgumentArity.ZeroOrOne };
        var describe = new Option<string?>("--describe") { Description = "print the resource enum of this reference library and exit" };
        var command = new Command("worker", "Run scenarios for a supervisor (internal).") { job, describe };
        command.Hidden = true;
        command.SetAction(parsed =>
        {
            DieWithParent();
            return parsed.GetValue(describe) is { } library ? Describe(library)
                : parsed.GetValue(job) is { } path ? Run(path)
                : Usage();
        });
        return command;
    }

    /// <summary>
    /// The supervisor holds the write end of this process's stdin and never writes: the read sees
    /// the end of the stream when the supervisor dies, however it dies, and the worker kills
    /// itself at once (its native code may be hung). bubblewrap's --die-with-parent does the same
    /// for the sandbox, except when the supervisor is killed before bubblewrap has set it up.
    /// </summary>
    private static void DieWithParent()
    {
        var watchdog = new Thread(() =>
        {
            using var stdin = Console.OpenStandardInput();
            var buffer = new byte[64];
            while (stdin.Read(buffer, 0, buffer.Length) > 0)
            {
            }
            System.Diagnostics.Process.GetCurrentProcess().Kill();
        })
        { IsBackground = true, Name = "die-with-parent" };
        watchdog.Start();
    }

    private static int Usage()
    {
        Console.Error.WriteLine("conformance worker: expected JOB or --describe LIB");
        return ExitCodes.BadInput;
    }

    private static int Describe(string library)
    {
        MpamRefLibrary.Use(library);
        var side = new NativeSide();
        Console.WriteLine(ReferenceDescription.Tag + string.Join(' ', side.Profile.Names));
        return ExitCodes.Conforms;
    }

    private static int Run(string jobPath)
    {
        var job = WorkerJob.Load(jobPath);
        MpamRefLibrary.Use(job.ReferenceLibrary);
        var reference = new NativeSide();
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
        return ExitCodes.Conforms;
    }
}
