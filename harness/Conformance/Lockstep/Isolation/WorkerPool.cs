using System.Collections.Concurrent;
using System.Diagnostics;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// The worker processes of one command, kept between its runs: explore's batches and the
/// shrinker's rounds are runs of a few dozen short scenarios each, and starting a sandboxed
/// runtime for each cost more than the scenarios (about 0.3 s a run). A worker is reused only
/// for the same library and the same sandbox folders; one that died or was killed is never
/// given back. Everything the runs write lives under <see cref="Root"/>, which the workers may
/// write, so that one sandbox serves them all.
/// </summary>
public sealed class WorkerPool(WorkerLaunch launch) : IDisposable
{
    private readonly object _lock = new();
    private WorkerLaunch _launch = launch;
    private readonly List<WorkerProcess> _idle = [];
    private string? _root;
    private int _folders;
    private bool _disposed;

    /// <summary>How many worker processes the pool has started: a reused one is not counted again.</summary>
    public int Started { get; private set; }

    /// <summary>The folder the pool's workers may write; removed with the pool.</summary>
    public string Root
    {
        get
        {
            lock (_lock)
            {
                if (_root is null)
                {
                    // Once a pool, not once a run: the temp folder can hold thousands of entries.
                    RemoveStaleScratch();
                    _root = Directory.CreateTempSubdirectory($"{WorkerSupervisor.ScratchPrefix}{Environment.ProcessId}-").FullName;
                    if (Results.StepLogPlace.MemoryPath.Value is { } memory)
                        _memoryRoot = Results.StepLogPlace.NewFolder(memory, $"{WorkerSupervisor.ScratchPrefix}{Environment.ProcessId}-");
                }
                return _root;
            }
        }
    }

    /// <summary>A new folder under <see cref="Root"/>.</summary>
    public string NewFolder(string what) => FolderUnder(Root, what);

    private string FolderUnder(string root, string what) =>
        Directory.CreateDirectory(Path.Combine(root, $"{what}-{Interlocked.Increment(ref _folders)}")).FullName;

    /// <summary>
    /// The folder in memory the pool's workers may write besides <see cref="Root"/> (a run's step
    /// log, when it fits: <see cref="Results.StepLogPlace"/>), made with it; null on a machine
    /// with none. Removed with the pool.
    /// </summary>
    public string? MemoryRoot
    {
        get
        {
            _ = Root;
            return _memoryRoot;
        }
    }

    private string? _memoryRoot;

    /// <summary>The folders every worker of the pool may write.</summary>
    public IReadOnlyList<string> Roots => MemoryRoot is { } memory ? [Root, memory] : [Root];

    /// <summary>A new folder under <see cref="MemoryRoot"/>, or null when there is none.</summary>
    public string? NewMemoryFolder(string what) =>
        MemoryRoot is { } memory ? FolderUnder(memory, what) : null;

    /// <summary>An idle worker started with these folders, or a new one.</summary>
    public WorkerProcess Acquire(string library, IReadOnlyList<string> readable, IReadOnlyList<string> writable)
    {
        var binds = BindsOf(library, readable, writable);
        List<WorkerProcess> gone;
        WorkerProcess? kept = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // Kept workers that went while idle (killed from outside) are dropped.
            gone = _idle.FindAll(w => w.Process.HasExited);
            _idle.RemoveAll(gone.Contains);
            int i = _idle.FindIndex(w => w.Binds == binds);
            if (i >= 0)
            {
                kept = _idle[i];
                _idle.RemoveAt(i);
            }
            else
                Started++;
        }
        gone.ForEach(w => w.Dispose());
        return kept ?? StartNew(library, readable, writable, binds);
    }

    private WorkerProcess StartNew(string library, IReadOnlyList<string> readable, IReadOnlyList<string> writable, string binds)
    {
        // A new worker loads the library by its path: a run that lasts for hours keeps its build from a prune.
        ReferenceBuild.BuildCache.InUse(library);
        var starting = Launch;
        return new WorkerProcess(OnStarterThread(() => starting.Start(library, readable, writable)), binds);
    }

    /// <summary>
    /// Starts workers with these folders until <paramref name="count"/> of them wait idle, and
    /// returns without waiting for their runtimes: a run's workers start side by side with its
    /// first steps (the library described, the vectors read), not each when its range is given
    /// out. One that is never given a job goes with the pool.
    /// </summary>
    public void Prestart(string library, IReadOnlyList<string> readable, IReadOnlyList<string> writable, int count)
    {
        var binds = BindsOf(library, readable, writable);
        int missing;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            missing = Math.Min(count, IdleKept) - _idle.Count(w => w.Binds == binds && !w.Process.HasExited);
            Started += Math.Max(0, missing);
        }
        for (int i = 0; i < missing; i++)
            Release(StartNew(library, readable, writable, binds));
    }

    // What a worker's sandbox is started with, as one string: workers are reused for the same.
    private static string BindsOf(string library, IReadOnlyList<string> readable, IReadOnlyList<string> writable) =>
        string.Join('\n', [library, "", .. readable.Order(StringComparer.Ordinal), "", .. writable.Order(StringComparer.Ordinal)]);

    /// <summary>How the pool starts its workers.</summary>
    public WorkerLaunch Launch
    {
        get { lock (_lock) return _launch; }
    }

    /// <summary>
    /// Workers are started this way from now on; the idle ones, started the other way, are let go
    /// (a run learns how long its workers will run only once its vectors are read, after the
    /// first worker has told it the library's resources).
    /// </summary>
    public void Relaunch(WorkerLaunch launch)
    {
        List<WorkerProcess> retired;
        lock (_lock)
        {
            if (ReferenceEquals(launch, _launch))
                return;
            _launch = launch;
            retired = [.. _idle];
            _idle.Clear();
        }
        retired.ForEach(w => w.Dispose());
    }

    /// <summary>
    /// A worker for these folders given <paramref name="line"/> (a job path or a request). A kept
    /// worker that went while idle (killed from outside) cannot take it: a new one is given it,
    /// and if that one cannot either, it is the caller's to find the worker gone.
    /// </summary>
    public WorkerProcess Send(string library, IReadOnlyList<string> readable, IReadOnlyList<string> writable, string line)
    {
        var worker = Acquire(library, readable, writable);
        if (worker.TrySend(line))
            return worker;
        worker.Dispose();
        worker = Acquire(library, readable, writable);
        worker.TrySend(line);
        return worker;
    }

    // bubblewrap's --die-with-parent (PR_SET_PDEATHSIG) follows the thread that started it, not
    // the process: a worker started on a run's thread would be killed as that run ends. Every
    // worker is started on one thread of the pool's, alive as long as the pool.
    private readonly BlockingCollection<(Func<Process> Start, TaskCompletionSource<Process> Started)> _starts = new();
    private Thread? _starter;

    private Process OnStarterThread(Func<Process> start)
    {
        lock (_lock)
        {
            _starter ??= new Thread(() =>
            {
                foreach (var (begin, started) in _starts.GetConsumingEnumerable())
                {
                    try { started.SetResult(begin()); }
                    catch (Exception e) { started.SetException(e); }
                }
            }) { IsBackground = true, Name = "worker-starter" };
            if (!_starter.IsAlive)
                _starter.Start();
        }
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _starts.Add((start, started));
        return started.Task.GetAwaiter().GetResult();
    }

    /// <summary>A worker that finished its job, for the next; the oldest idle one goes past <see cref="IdleKept"/>.</summary>
    public void Release(WorkerProcess worker)
    {
        var ended = new List<WorkerProcess>();
        lock (_lock)
        {
            if (_disposed || worker.Process.HasExited)
                ended.Add(worker);
            else
            {
                _idle.Add(worker);
                if (_idle.Count > IdleKept)
                {
                    ended.Add(_idle[0]);
                    _idle.RemoveAt(0);
                }
            }
        }
        ended.ForEach(w => w.Dispose());
    }

    /// <summary>The workers waiting for a job (for a test that kills one behind the pool's back).</summary>
    internal IReadOnlyList<WorkerProcess> Idle
    {
        get
        {
            lock (_lock)
                return [.. _idle];
        }
    }

    // A review alternates between the base's library and a variant's: room for both, a worker per core each.
    private static int IdleKept => 2 * Environment.ProcessorCount;

    // Workers that died and the folders of commands that were killed are cleaned by the next pool (step logs in memory too).
    private static void RemoveStaleScratch()
    {
        string[] roots = [Path.GetTempPath(), .. Results.StepLogPlace.MemoryPath.Value is { } memory ? [memory] : Array.Empty<string>()];
        foreach (var dir in roots.SelectMany(root => Directory.EnumerateDirectories(root, WorkerSupervisor.ScratchPrefix + "*")))
        {
            var parts = Path.GetFileName(dir)[WorkerSupervisor.ScratchPrefix.Length..].Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], out var pid) && pid != Environment.ProcessId && !FileSystem.UnixFile.ProcessAlive(pid))
            {
                try { Directory.Delete(dir, recursive: true); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
        }
    }

    public void Dispose()
    {
        List<WorkerProcess> idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var worker in idle)
            worker.Dispose();
        _starts.CompleteAdding();
        foreach (var root in new[] { _root, _memoryRoot })
            if (root is not null && Directory.Exists(root))
                Directory.Delete(root, recursive: true);
    }
}
