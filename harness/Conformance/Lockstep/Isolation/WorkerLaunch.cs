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
public sealed class WorkerLaunch(string conformanceAssembly, bool shortScenarios = false)
{
    /// <param name="shortScenarios">
    /// The workers live for a few seconds of short scenarios (a suite, a review's generated
    /// scenarios, a mutant's run): their JIT skips tiered PGO, whose instrumented code and second
    /// compile cost more than its faster code wins back in that time. Measured A against B:
    /// mutate 10% and review 20-30% less time. Workers that run long keep it: explore's, kept for
    /// its minute, ran 8% more scenarios with it; a run's workers keep it when each has
    /// <see cref="PgoSteps"/> steps or more (<see cref="For"/>).
    /// </param>
    public static WorkerLaunch ThisAssembly(bool shortScenarios = false) => new(typeof(WorkerLaunch).Assembly.Location, shortScenarios);

    /// <summary>Whether its workers run without tiered PGO (<see cref="ThisAssembly"/>).</summary>
    public bool ShortScenarios => shortScenarios;

    /// <summary>
    /// Steps of its own a worker needs before tiered PGO pays: measured on `run` with the
    /// ReadyToRun build, alternating, a worker's share of 320,000 steps (100 recorded scenarios on
    /// two workers) took 13-20% less time without PGO, and 10,000,000 steps in one worker 17% more.
    /// </summary>
    public const long PgoSteps = 2_000_000;

    /// <summary>This launch for workers whose largest share of a run is <paramref name="stepsPerWorker"/> steps: with PGO only past <see cref="PgoSteps"/>.</summary>
    public WorkerLaunch For(long stepsPerWorker) =>
        (stepsPerWorker < PgoSteps) == shortScenarios ? this : new(conformanceAssembly, shortScenarios: stepsPerWorker < PgoSteps);

    /// <summary>`conformance worker`: runs the jobs it is then given, one path per line on its stdin.</summary>
    public Process Start(string library, IReadOnlyList<string> vectorFolders, IReadOnlyList<string> writable)
    {
        var host = DotnetHost();
        var inner = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        inner.ArgumentList.Add(conformanceAssembly);
        inner.ArgumentList.Add("worker");
        var readable = new List<string> { Path.GetDirectoryName(host)!, Path.GetDirectoryName(conformanceAssembly)! };
        readable.AddRange(new[] { library }.Concat(vectorFolders).Select(p => Directory.Exists(p) ? p : Path.GetDirectoryName(Path.GetFullPath(p))!));
        var spec = new SandboxSpec(readable, writable, "/", EnvironmentFor(host));
        return Process.Start(Bubblewrap.Wrap(inner, spec)) ?? throw new InvalidOperationException("could not start the worker process");
    }

    /// <summary>
    /// All a worker's environment (the sandbox clears the rest). When the JIT compiles a method
    /// again is the tool's runtime configuration (Conformance.csproj), the same for every worker:
    /// measured on `run`, 200 scenarios of 6,415 steps, two workers, alternating A and B: 613-624
    /// thousand steps/s with the runtime's defaults, 850-865 with the workers' JIT so configured,
    /// 967-1,006 with their parent's too; recording steps, 442-462 with the defaults and 649-694 with
    /// both. explore ran 7-10% more scenarios in its time.
    /// </summary>
    internal Dictionary<string, string> EnvironmentFor(string host) => new()
    {
        // A crashing worker should die quickly and quietly, not write a core dump or a .NET crash report.
        ["DOTNET_DbgEnableMiniDump"] = "0",
        ["DOTNET_EnableCrashReport"] = "0",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_ROOT"] = Path.GetDirectoryName(host)!,
        ["DOTNET_TieredPGO"] = shortScenarios ? "0" : "1",
    };

    // The real dotnet binary (not a symlink in /usr/bin): its folder is the runtime the sandbox needs.
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromEnv ? fromEnv
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
            : "/usr/bin/dotnet";
        return UnixFile.RealPath(host) ?? host;
    }
}
