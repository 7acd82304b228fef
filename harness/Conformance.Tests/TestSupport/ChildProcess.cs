using System.Diagnostics;

namespace Conformance.Tests.TestSupport;

/// <summary>A command run in its own process, its output read whole, its wait bounded.</summary>
internal static class ChildProcess
{
    public static (int Exit, string Out, string Error) Run(ProcessStartInfo start, TimeSpan limit, string what)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{what} did not finish within {limit.TotalSeconds:0} s");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
