using System.Diagnostics;
using Conformance.FileSystem;
using Conformance.Sandbox;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// How to start `conformance worker`: the same assembly, under the same dotnet host, inside the
/// sandbox, since a worker loads the patch's code and that code runs from the moment it loads.
/// The sandbox sees the runtime, this tool's build output, the library's folder and the vector files' folders,
/// read-only, and writes only the supervisor's scratch folder.
/// </summary>
public sealed class WorkerLaunch(string conformanceAssembly)
{
    public static WorkerLaunch ThisAssembly() => new(typeof(WorkerLaunch).Assembly.Location);

    /// <summary>`conformance worker`: runs the jobs it is then given, one path per line on its stdin.</summary>
    public Process Start(string library, IReadOnlyList<string> vectorFolders, IReadOnlyList<string> writable)
    {
        var host = DotnetHost();
        var inner = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        inner.ArgumentList.Add(conformanceAssembly);
        inner.ArgumentList.Add("worker");
        var readable = new List<string> { Path.GetDirectoryName(host)!, Path.GetDirectoryName(conformanceAssembly)! };
        readable.AddRange(new[] { library }.Concat(vectorFolders).Select(p => Directory.Exists(p) ? p : Path.GetDirectoryName(Path.GetFullPath(p))!));
        var spec = new SandboxSpec(readable, writable, "/", new Dictionary<string, string>
        {
            // A crashing worker should die quickly and quietly, not write a core dump or a .NET crash report.
            ["DOTNET_DbgEnableMiniDump"] = "0",
            ["DOTNET_EnableCrashReport"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_ROOT"] = Path.GetDirectoryName(host)!,
        });
        return Process.Start(Bubblewrap.Wrap(inner, spec)) ?? throw new InvalidOperationException("could not start the worker process");
    }

    // The real dotnet binary (not a symlink in /usr/bin): its folder is the runtime the sandbox needs.
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromEnv ? fromEnv
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
            : "/usr/bin/dotnet";
        return UnixFile.RealPath(host) ?? host;
    }
}
