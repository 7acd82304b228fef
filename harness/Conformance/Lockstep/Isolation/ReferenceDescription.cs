using System.Diagnostics;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// Asks a worker process what a reference library is: its resource enum, in order. Asked in a
/// worker because loading a library runs its code, and a broken one must not take the run down.
/// </summary>
public static class ReferenceDescription
{
    public const string Tag = "@@conformance-resources ";

    public static IReadOnlyList<string> Resources(WorkerLaunch launch, string library)
    {
        using var process = launch.StartDescribe(library);
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
            lines.Add(line);
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{library}: describing the reference did not finish within 60 s");
        }
        var described = lines.FirstOrDefault(l => l.StartsWith(Tag, StringComparison.Ordinal));
        if (process.ExitCode != 0 || described is null)
            throw new InvalidOperationException($"{library}: not a usable reference library (exit {process.ExitCode}): {stderr.Result.Trim()}");
        return described[Tag.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
