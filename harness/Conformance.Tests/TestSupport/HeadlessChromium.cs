using System.Diagnostics;

namespace Conformance.Tests.TestSupport;

/// <summary>Debian's Chromium, headless, as a person's browser: a screenshot and the rendered DOM of a page.</summary>
internal static class HeadlessChromium
{
    public const string Binary = "/usr/bin/chromium";

    public static string DumpDom(string htmlFile) =>
        Run(htmlFile, "--dump-dom").StandardOutput;

    public static void Screenshot(string htmlFile, string pngFile, int width, int height) =>
        Run(htmlFile, $"--screenshot={pngFile}", $"--window-size={width},{height}");

    private static (string StandardOutput, int ExitCode) Run(string htmlFile, params string[] extra)
    {
        if (!File.Exists(Binary))
            Assert.Fail($"{Binary} is missing: ./build.sh installs Debian's chromium package; run it first.");
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(Binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // No network here: without these flags Chromium keeps trying to reach Google's hosts.
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--hide-scrollbars", $"--user-data-dir={profile.FullName}" })
                start.ArgumentList.Add(arg);
            foreach (var arg in extra)
                start.ArgumentList.Add(arg);
            start.ArgumentList.Add(new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 60 s");
            }
            if (process.ExitCode != 0)
                Assert.Fail($"chromium exited with {process.ExitCode}: {stderr.Result}");
            return (stdout, process.ExitCode);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
