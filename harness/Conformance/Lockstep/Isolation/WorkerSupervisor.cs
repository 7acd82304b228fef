using System.Diagnostics;
using Conformance.Results;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// Runs scenarios in worker processes so that a reference that segfaults, aborts or hangs
/// fails one scenario, at the step where it died, instead of taking the run and its reports
/// down. A worker runs scenarios from a given index on and reports each as it finishes;
/// when one dies the supervisor records the failure and starts a new worker after it. Workers
/// come from a <see cref="WorkerPool"/> and go back to it when they finish their job.
/// The scenarios are shared out in contiguous ranges of about equal steps, one worker per core
/// at a time; the results come back in scenario order whatever order they finish in, so a run
/// reports the same on one core or many.
/// </summary>
/// <param name="writable">Folders the workers write besides the pool's own (a step log kept after the pool).</param>
public sealed class WorkerSupervisor(WorkerPool pool, TimeSpan stepTimeout, int workers = 0, IReadOnlyList<string>? writable = null)
{
    private readonly object _lock = new();

    /// <summary>How many lines of the workers' stderr a run keeps (the last ones of each worker).</summary>
    public const int StderrLinesKept = 200;

    // The folders of commands that were killed are cleaned by the next pool (WorkerPool.Root).
    public const string ScratchPrefix = "conformance-worker-";

    private readonly List<string> _stderr = [];

    /// <summary>What the workers wrote to stderr, the patch's code included; at most <see cref="StderrLinesKept"/> lines.</summary>
    public IReadOnlyList<string> Stderr => _stderr;

    /// <summary>
    /// The resource enum of the job's library, asked of one of the run's workers (the run's one
    /// sandbox), which then takes a range of the run; the run's other workers start with it.
    /// </summary>
    public IReadOnlyList<string> Describe(WorkerJob template)
    {
        var (readable, binds) = SandboxOf(template);
        // The run's workers are all started now: their runtimes start while the first of them
        // answers and the vectors are read, and each then waits in the pool for its range, where
        // it was started when the range was given out (about 0.3 s on the run's path).
        pool.Prestart(template.ReferenceLibrary, readable, binds, WorkerCount(workers));
        return ReferenceDescription.Resources(pool, template.ReferenceLibrary, readable, binds, stepTimeout);
    }

    // How many workers a run has at most: one per core unless told (0).
    private static int WorkerCount(int workers) => workers > 0 ? workers : Environment.ProcessorCount;

    // The sandbox every worker of a run gets, whatever range it runs: it sees the folders of the
    // run's vector files (not all of the vector root), and writes the pool's folder and the step
    // log kept after it. One sandbox for the run, so that any of its workers takes any range.
    private Sandbox SandboxOf(WorkerJob run) =>
        new(run.VectorFiles.Select(f => Path.GetDirectoryName(Path.GetFullPath(Path.Combine(run.VectorRoot, f)))!).Distinct().ToArray(),
         [.. pool.Roots, .. writable ?? []]);

    // What a worker of the run may read (besides the runtime, the tool and the library) and write.
    private readonly record struct Sandbox(string[] Readable, string[] Writable);

    /// <summary>
    /// Runs the scenarios of <paramref name="window"/> (all by default), each worker a contiguous
    /// range of them; the results come back in scenario order whatever order they finish in (for a
    /// job that stops at its first failure, those up to it).
    /// </summary>
    public IReadOnlyList<ScenarioResult> Run(WorkerJob template, IReadOnlyList<ScenarioOutline> scenarios, Action<ScenarioResult>? onResult = null,
        (int Start, int End)? window = null)
    {
        var (first, last) = window ?? (0, scenarios.Count);
        var results = new ScenarioResult?[last - first];
        if (results.Length == 0)
            return [];
        var scratch = new DirectoryInfo(pool.NewFolder("run"));
        try
        {
            var ranges = WorkerRanges(scenarios, (first, last), workers);
            var sandbox = SandboxOf(template);
            var failures = new List<Exception>();
            var threads = ranges.Select(range => new Thread(() =>
            {
                try
                {
                    RunRange(template, sandbox, scenarios, range.Start, range.End, scratch.FullName, result =>
                    {
                        lock (_lock)
                        {
                            results[Array.IndexOf(results, null, range.Start - first)] = result;
                            onResult?.Invoke(result);
                        }
                    });
                }
                catch (Exception e)
                {
                    lock (_lock)
                        failures.Add(e);
                }
            }) { IsBackground = true, Name = $"workers-{range.Start}" }).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            if (failures.Count > 0)
                throw failures[0];
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
        // Stopped at a failure (StopAtFirstFailure), the scenarios from the first one not run on
        // are left out: every scenario before the run's first failure ran, and it did too. Any
        // other run has every scenario's result.
        int ran = Array.IndexOf(results, null);
        if (ran >= 0 && !template.StopAtFirstFailure)
            throw new InvalidOperationException($"scenario {first + ran} of the run has no result");
        return results.Take(ran < 0 ? results.Length : ran).Select(r => r!).ToList();
    }

    // One range of scenarios, a worker at a time: a new one after each that died.
    private void RunRange(WorkerJob template, Sandbox sandbox, IReadOnlyList<ScenarioOutline> scenarios, int start, int end, string scratch, Action<ScenarioResult> onResult)
    {
        int next = start;
        while (next < end)
        {
            // The files the range's scenarios are in, counted from the first scenario of the first.
            var files = scenarios.Skip(next).Take(end - next).Select(s => s.File).Distinct().ToList();
            int filesFirst = next;
            while (filesFirst > 0 && scenarios[filesFirst - 1].File == files[0])
                filesFirst--;
            var job = template with
            {
                VectorFiles = files,
                FilesFirstScenario = filesFirst,
                FirstScenario = next,
                EndScenario = end,
                ProgressBoardPath = Path.Combine(scratch, $"progress-{next}"),
            };
            bool stopped = false;
            // Read to its end: the worker goes back to the pool once it says the job is done (one
            // asked to stop at the first failure skips the scenarios after it).
            foreach (var result in RunOneWorker(job, sandbox, scenarios, end, scratch))
            {
                next++;
                // Stopping at the first failure, a scenario its worker died in is told as it died:
                // the steps before it are not run again, nor are the scenarios after it.
                bool stop = job.StopAtFirstFailure && result.Outcome != ScenarioOutcome.Conforms;
                onResult(result.Died && !stop ? WithWhatCameBefore(job, sandbox, scenarios, next - 1, result, scratch) : result);
                stopped |= stop;
            }
            if (stopped)
                return;
        }
    }

    // A worker that died took what its scenario showed with it: the steps before the one it died
    // at are run again in a new worker (a run is deterministic) for their findings, errors and
    // recorded steps, as a kernel log holds the reports before an oops. If that run dies too, the
    // death alone is told. Its step log is the job's file named for the scenario: a new one, or the
    // dead worker's own when the scenario was its first (whose rows for it are what it rewrites).
    private ScenarioResult WithWhatCameBefore(WorkerJob job, Sandbox sandbox, IReadOnlyList<ScenarioOutline> scenarios, int index, ScenarioResult died, string scratch)
    {
        if (died.StepsRun == 0 || died.FirstFailure is not { } death)
            return died;
        var again = job with
        {
            FirstScenario = index,
            EndScenario = index + 1,
            StepLimit = died.StepsRun,
            ProgressBoardPath = Path.Combine(scratch, $"progress-{index}-before"),
        };
        // Read to its end: the worker goes back to the pool once it says the job is done.
        var before = RunOneWorker(again, sandbox, scenarios, index + 1, scratch).ToList().FirstOrDefault();
        if (before is null || before.Died)
            return died;
        var told = $"the {died.StepsRun} step(s) before it, run again: {before.Outcome}, {before.Findings.Count} finding(s)"
            + (before.FirstFailure is { } f ? $"; {f.Message}" : "");
        return died with
        {
            Findings = before.Findings,
            Errors = before.Errors,
            ErrorCount = before.ErrorCount,
            StepLog = before.StepLog ?? died.StepLog,
            StepsRecorded = before.StepLog is null ? died.StepsRecorded : before.StepsRecorded,
            FirstFailure = death with { Details = [.. death.Details, told] },
        };
    }

    /// <summary>
    /// Machine <paramref name="index"/>'s share of <paramref name="count"/> (1-based): a contiguous
    /// range of whole scenarios of about equal steps, the same on every machine.
    /// </summary>
    public static (int Start, int End) ShareOf(IReadOnlyList<ScenarioOutline> scenarios, int index, int count)
    {
        var ranges = Ranges(scenarios, count);
        return index <= ranges.Count ? ranges[index - 1] : (scenarios.Count, scenarios.Count);
    }

    /// <summary>The steps of the largest share a worker gets of the scenarios in <paramref name="window"/>, over <paramref name="workers"/> workers (0: one per core).</summary>
    public static long StepsPerWorker(IReadOnlyList<ScenarioOutline> scenarios, (int Start, int End) window, int workers) =>
        WorkerRanges(scenarios, window, workers).Select(r => Enumerable.Range(r.Start, r.End - r.Start).Sum(i => (long)scenarios[i].Steps.Count))
            .DefaultIfEmpty(0).Max();

    // The workers' ranges of the scenarios in the window, as indices of the whole list.
    private static List<(int Start, int End)> WorkerRanges(IReadOnlyList<ScenarioOutline> scenarios, (int Start, int End) window, int workers) =>
        Ranges(scenarios.Skip(window.Start).Take(window.End - window.Start).ToList(), WorkerCount(workers))
            .Select(r => (Start: r.Start + window.Start, End: r.End + window.Start)).ToList();

    // Contiguous ranges of about equal steps, at most one per worker and per scenario. Each cut
    // aims at an equal share of what is left, so one huge scenario takes a range of its own and
    // the rest are still spread over the others.
    private static List<(int Start, int End)> Ranges(IReadOnlyList<ScenarioOutline> scenarios, int count)
    {
        count = Math.Clamp(count, 1, Math.Max(1, scenarios.Count));
        long Weight(int i) => Math.Max(1, scenarios[i].Steps.Count);
        var ranges = new List<(int, int)>();
        int start = 0;
        while (start < scenarios.Count)
        {
            int left = count - ranges.Count;
            long remaining = 0;
            for (int i = start; i < scenarios.Count; i++)
                remaining += Weight(i);
            long target = (remaining + left - 1) / left, sum = 0;
            int end = start;
            // Each range takes at least one scenario and leaves at least one for every range after it.
            while (end < scenarios.Count - (left - 1) && (end == start || sum + Weight(end) <= target || left == 1))
                sum += Weight(end++);
            ranges.Add((start, end));
            start = end;
        }
        return ranges;
    }

    // Yields each scenario the worker finished, then, if it died, the failed scenario it died in.
    private IEnumerable<ScenarioResult> RunOneWorker(WorkerJob job, Sandbox sandbox, IReadOnlyList<ScenarioOutline> scenarios, int end, string scratch)
    {
        var jobPath = Path.Combine(scratch, $"job-{job.FirstScenario}.json");
        job.Save(jobPath);
        using var board = ProgressBoard.Open(job.ProgressBoardPath);
        board.BeginScenario(job.FirstScenario);

        var (readable, binds) = sandbox;
        // A worker that cannot take the job is reported as dying at the job's first step.
        var worker = pool.Send(job.ReferenceLibrary, readable, binds, jobPath);
        var process = worker.Process;

        var expected = job.FirstScenario;
        // The job's step log: each scenario's rows start where the one before it ended.
        var stepLog = job.StepLogDirectory is { } logs ? StepLog.PathOf(logs, job.FirstScenario) : null;
        long logAt = 0;
        var lastBeat = board.Heartbeat;
        var lastChange = Stopwatch.StartNew();
        Stopwatch? exited = null;
        while (true)
        {
            if (!worker.Lines.TryTake(out var line, TimeSpan.FromMilliseconds(50)))
            {
                // The worker process is watched, not its pipe: a child it forked may hold the pipe
                // open long after it died. Once it is gone, what is still in the pipe gets a moment.
                if (process.HasExited)
                {
                    exited ??= Stopwatch.StartNew();
                    if (exited.Elapsed > PipeDrain)
                        break;
                    continue;
                }
                var beat = board.Heartbeat;
                if (beat != lastBeat) { lastBeat = beat; lastChange.Restart(); }
                else if (lastChange.Elapsed > stepTimeout)
                {
                    process.Kill(entireProcessTree: true);
                    worker.Dispose();
                    var tail = worker.TakeStderr();
                    Collect(tail);
                    yield return Died(scenarios, expected, board, ScenarioOutcome.TimedOut,
                        $"the reference made no progress for {stepTimeout.TotalSeconds:0.#} s and was killed", tail) with { StepLog = Rest() };
                    yield break;
                }
                continue;
            }
            if (line is null)
                break;
            if (line == WorkerWire.DoneTag)
            {
                // The job is done and the worker waits for the next.
                Collect(worker.TakeStderr());
                pool.Release(worker);
                yield break;
            }
            if (WorkerWire.TryParseResult(line) is { } parsed)
            {
                expected++;
                lastChange.Restart();
                var result = parsed.Result;
                if (stepLog is not null && parsed.StepLogEnd is { } logEnd)
                {
                    result = result with { StepLog = new StepLogSpan(stepLog, logAt, logEnd) };
                    logAt = logEnd;
                }
                yield return result;
            }
        }
        // The worker is gone before its job was done.
        worker.Dispose();
        var stderr = worker.TakeStderr();
        Collect(stderr);
        if (expected >= end)
            yield break;
        yield return Died(scenarios, expected, board, ScenarioOutcome.Crashed, DescribeExit(worker.ExitCode), stderr) with { StepLog = Rest() };

        // A scenario its worker died in: whatever rows it wrote, from where the last one ended.
        StepLogSpan? Rest() => stepLog is null ? null : new StepLogSpan(stepLog, logAt, null);
    }

    private static readonly TimeSpan PipeDrain = TimeSpan.FromSeconds(1);
    private const int StepsLeadingThere = 10;

    private void Collect(StderrTail stderr)
    {
        lock (_lock)
            foreach (var line in stderr.Lines())
                if (_stderr.Count < StderrLinesKept)
                    _stderr.Add(line);
    }

    // `index` is the first scenario the worker had not reported; the board says how far into it
    // the worker got (if it had begun it at all).
    private static ScenarioResult Died(IReadOnlyList<ScenarioOutline> scenarios, int index, ProgressBoard board, ScenarioOutcome outcome, string why, StderrTail stderr)
    {
        var scenario = scenarios[index];
        var step = board.Scenario == index ? (int)Math.Clamp(board.Step, 0, Math.Max(0, scenario.Steps.Count - 1)) : 0;
        var at = scenario.Steps[step];
        // The last steps only: a crash deep in a long scenario must not write every step into the reports.
        int from = Math.Max(0, step - StepsLeadingThere + 1);
        var details = new List<string> { from == 0 ? "steps that led there:" : $"steps that led there (the last {step - from + 1}):" };
        for (int i = from; i <= step; i++)
            details.Add($"  step {i} (line {scenario.Steps[i].Line}): {scenario.Steps[i].Op} {scenario.Steps[i].Args}".TrimEnd());
        var tail = stderr.Lines();
        if (tail.Count > 0)
        {
            details.Add("worker stderr (last lines):");
            details.AddRange(tail.TakeLast(15).Select(l => "  " + l.TrimEnd()));
        }
        var failure = new Failure(step, at.Line, outcome.ToString(), $"{why} during `{$"{at.Op} {at.Args}".TrimEnd()}`", details);
        return new ScenarioResult(scenario.Name, scenario.File, scenario.Line, outcome, step, scenario.Steps.Count,
            failure, [], [], [], TimeSpan.Zero) { FailingSteps = 1 };
    }

    // .NET reports a child killed by signal N as exit code 128+N.
    private static string DescribeExit(int code) => code switch
    {
        > 128 and < 160 => $"the reference died with signal {code - 128} ({SignalName(code - 128)})",
        _ => $"the worker exited with code {code} before finishing",
    };

    private static string SignalName(int signal) => signal switch
    {
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => "signal",
    };
}
