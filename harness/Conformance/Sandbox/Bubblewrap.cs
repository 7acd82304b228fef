using System.Diagnostics;

namespace Conformance.Sandbox;

/// <summary>
/// Runs the patch's code, compiling it and loading it, under bubblewrap: new namespaces for
/// everything (no network, its own PID space, no IPC with the host), the root file system
/// replaced by read-only binds of /usr and the folders a <see cref="SandboxSpec"/> names, one
/// writable scratch, a private /tmp, and death with its parent, so a killed run leaves no
/// worker behind. Inside, the process is nobody (uid 65534) in its own user namespace with
/// every capability dropped and no further user namespaces, also when started as root: it
/// keeps the outside user's access to the files bound in (so inputs in a 0700 folder stay
/// readable) and nothing else. Why bubblewrap rather than our own namespaces + seccomp: it is
/// Debian's, small, audited, and does exactly the mount-namespace setup we need.
/// </summary>
public static class Bubblewrap
{
    public const string Program = "bwrap";
    private const string Nobody = "65534";

    /// <summary>
    /// <paramref name="inner"/>'s program and arguments wrapped to run inside the sandbox, with
    /// the same redirections; its environment is the spec's, not the inherited one. The patch's
    /// code never runs outside it: when the sandbox cannot start here, this throws.
    /// </summary>
    public static ProcessStartInfo Wrap(ProcessStartInfo inner, SandboxSpec spec) =>
        Problem() is { } problem
            ? throw new InvalidOperationException($"the sandbox the patch's code runs in cannot start: {problem}")
            : Wrapped(inner, spec);

    private static ProcessStartInfo Wrapped(ProcessStartInfo inner, SandboxSpec spec)
    {
        var outer = new ProcessStartInfo(Program)
        {
            RedirectStandardInput = inner.RedirectStandardInput,
            RedirectStandardOutput = inner.RedirectStandardOutput,
            RedirectStandardError = inner.RedirectStandardError,
            UseShellExecute = false,
        };
        var args = outer.ArgumentList;
        AddAll(args,
            "--unshare-all", "--unshare-user", "--uid", Nobody, "--gid", Nobody,
            "--cap-drop", "ALL", "--disable-userns", "--die-with-parent", "--new-session",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin",
            "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
            "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
            "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp");
        foreach (var dir in spec.Readable.Where(d => !IsUnderUsr(d)).Distinct())
            AddAll(args, "--ro-bind", dir, dir);
        foreach (var dir in spec.Writable.Distinct())
            AddAll(args, "--bind", dir, dir);
        foreach (var (name, value) in spec.Environment ?? new Dictionary<string, string>())
            AddAll(args, "--setenv", name, value);
        AddAll(args, "--chdir", spec.WorkingDirectory, "--", inner.FileName);
        foreach (var a in inner.ArgumentList)
            args.Add(a);
        return outer;
    }

    /// <summary>Why the sandbox cannot run here, or null when it can (checked once per process).</summary>
    public static string? Problem() => LazyProblem.Value;

    private static readonly Lazy<string?> LazyProblem = new(() =>
    {
        try
        {
            var probe = Wrapped(new ProcessStartInfo("/usr/bin/true") { RedirectStandardError = true, RedirectStandardOutput = true },
                new SandboxSpec([], [], "/"));
            using var process = Process.Start(probe)!;
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000))
            {
                process.Kill(entireProcessTree: true);
                return "bubblewrap did not start within 30 s";
            }
            return process.ExitCode == 0 ? null : $"bubblewrap failed (exit {process.ExitCode}): {stderr.Result.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"bubblewrap is not installed ({e.Message}): ./build.sh installs Debian's bubblewrap";
        }
    });

    private static bool IsUnderUsr(string dir) => dir == "/usr" || dir.StartsWith("/usr/", StringComparison.Ordinal);

    private static void AddAll(System.Collections.ObjectModel.Collection<string> args, params string[] items)
    {
        foreach (var item in items)
            args.Add(item);
    }
}
