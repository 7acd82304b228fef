using System.Diagnostics;

namespace Conformance.Lockstep.Isolation;

/// <summary>How to start `conformance worker JOB`: the same assembly, under the same dotnet host.</summary>
public sealed class WorkerLaunch(string conformanceAssembly)
{
    public static WorkerLaunch ThisAssembly() => new(typeof(WorkerLaunch).Assembly.Location);

    public Process Start(string jobPath) => Start("worker", jobPath);

    /// <summary>`conformance worker --describe LIB`: prints the library's resource enum.</summary>
    public Process StartDescribe(string library) => Start("worker", "--describe", library);

    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(conformanceAssembly);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // A crashing worker should die quickly and quietly, not write a core dump or a .NET crash report.
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_EnableCrashReport"] = "0";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the worker process");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";
}
