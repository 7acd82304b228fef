namespace Conformance.Cli;

/// <summary>
/// The harness itself failed (exit 4): the console gets one line saying so and where the log
/// is; the stack trace goes only to that log, never to the console, where CI would read it as
/// the patch's fault.
/// </summary>
public static class HarnessFailure
{
    public static int Report(string verb, Exception e)
    {
        string where;
        try
        {
            var dir = Path.Combine(Path.GetTempPath(), "conformance-logs");
            Directory.CreateDirectory(dir);
            where = Path.Combine(dir, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            File.WriteAllText(where, $"conformance {verb}: {Environment.CommandLine}\n{e}\n");
        }
        catch (Exception) // the log is a courtesy; the one line is the report
        {
            where = "(no log: the temporary folder is not writable)";
        }
        Console.Error.WriteLine($"conformance {verb}: the harness itself failed ({e.GetType().Name}: {FirstLine(e.Message)}); this is not the patch's fault. Log: {where}");
        return ExitCodes.HarnessFailed;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
