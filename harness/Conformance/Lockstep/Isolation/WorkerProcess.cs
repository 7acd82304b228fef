using System.Collections.Concurrent;
using System.Diagnostics;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// One sandboxed `conformance worker`, as the supervisor talks to it: a job path written to its
/// stdin, its stdout read line by line on a thread of its own (a null line at the end), the last
/// lines of its stderr kept. It lives across jobs as long as it finishes each.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    public WorkerProcess(Process process, string binds)
    {
        Process = process;
        Binds = binds;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Add(e.Data); };
        process.BeginErrorReadLine();
        // The stream is taken here: the process object may be disposed (a worker killed for a
        // timeout) while this thread still reads, and an exception escaping it would end the run.
        var stdout = process.StandardOutput;
        new Thread(() =>
        {
            try
            {
                string? line;
                while ((line = stdout.ReadLine()) is not null)
                    Lines.Add(line);
            }
            catch (Exception e) when (e is ObjectDisposedException or IOException or InvalidOperationException)
            {
                // the pipe closed under us: the worker is gone, and the supervisor already knows
            }
            Lines.Add(null);
        }) { IsBackground = true, Name = "worker-stdout" }.Start();
    }

    public Process Process { get; }

    /// <summary>What the sandbox was started with: a job that needs other folders needs another worker.</summary>
    public string Binds { get; }

    /// <summary>Its stdout, a line at a time; null once the pipe is closed.</summary>
    public BlockingCollection<string?> Lines { get; } = new();

    private readonly StderrTail _stderr = new(WorkerSupervisor.StderrLinesKept);

    /// <summary>What it wrote to stderr since the last call (the current job's part).</summary>
    public StderrTail TakeStderr() => _stderr.Take();

    /// <summary>Gives it a job; false when it is gone (a kept worker can die while idle, killed from outside).</summary>
    public bool TrySend(string jobPath)
    {
        try
        {
            Process.StandardInput.WriteLine(jobPath);
            Process.StandardInput.Flush();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>How it ended (.NET's 128+N for signal N), once disposed.</summary>
    public int ExitCode { get; private set; }

    /// <summary>Ends it: an idle worker goes when its stdin closes; one that does not is killed.</summary>
    public void Dispose()
    {
        try
        {
            Process.StandardInput.Close();
        }
        catch (IOException)
        {
            // already gone
        }
        if (!Process.WaitForExit(KillWait))
            Process.Kill(entireProcessTree: true);
        Process.WaitForExit(KillWait);
        ExitCode = Process.HasExited ? Process.ExitCode : -1;
        Process.Dispose();
    }

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(10);
}
