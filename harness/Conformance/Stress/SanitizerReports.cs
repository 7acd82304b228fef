using System.Text.RegularExpressions;

namespace Conformance.Stress;

/// <summary>One sanitizer report of a stress run, mapped back to the step it came in and the patch's line.</summary>
/// <param name="Tool">ThreadSanitizer or AddressSanitizer.</param>
/// <param name="What">Its headline: "data race", "heap-use-after-free", "SEGV on unknown address".</param>
/// <param name="Step">The step marker it followed: "mba-not-alloc-capable vectors/...csv:14".</param>
/// <param name="PatchFrame">The first frame in the patch's file: "mpam_resctrl_domain_insert mpam_resctrl.c:144", or null.</param>
public sealed record SanitizerReport(string Tool, string What, string Step, string? PatchFrame, IReadOnlyList<string> Lines);

/// <summary>
/// Reads a stress run's stderr: "== step K: SCENARIO FILE:LINE" markers, and the sanitizers'
/// reports between them. A report belongs to the last marker before it.
/// </summary>
public static partial class SanitizerReports
{
    public static IReadOnlyList<SanitizerReport> Parse(IEnumerable<string> stderr, string patchFile)
    {
        var reports = new List<SanitizerReport>();
        string step = "before the first step";
        List<string>? current = null;
        string tool = "", what = "";
        foreach (var line in stderr)
        {
            var marker = Marker().Match(line);
            if (marker.Success)
            {
                Close();
                step = $"{marker.Groups[2].Value} {marker.Groups[3].Value}";
                continue;
            }
            var start = Start().Match(line);
            if (start.Success)
            {
                Close();
                tool = start.Groups[1].Value;
                what = start.Groups[2].Value.Trim();
                current = [line];
                continue;
            }
            if (current is not null)
            {
                if (line.StartsWith("SUMMARY:", StringComparison.Ordinal) || line.StartsWith("==================", StringComparison.Ordinal))
                    Close();
                else
                    current.Add(line);
            }
        }
        Close();
        return reports;

        void Close()
        {
            if (current is null)
                return;
            // The racing accesses' stacks come first; where the memory was allocated or which
            // threads were involved comes after, and names a place only when those do not.
            int accesses = current.FindIndex(l => l.StartsWith("  Location is", StringComparison.Ordinal) || l.StartsWith("  Thread T", StringComparison.Ordinal));
            Match? InPatch(IEnumerable<string> lines) =>
                lines.Select(l => Frame().Match(l)).FirstOrDefault(m => m.Success && m.Groups[2].Value.EndsWith(patchFile, StringComparison.Ordinal));
            var frame = InPatch(accesses < 0 ? current : current.Take(accesses)) ?? InPatch(current);
            reports.Add(new SanitizerReport(tool, what, step,
                frame is null ? null : $"{frame.Groups[1].Value}() at {patchFile}:{frame.Groups[3].Value}", current));
            current = null;
        }
    }

    [GeneratedRegex(@"^== step (\d+): (\S+) (\S+)$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^(?:WARNING|ERROR): (ThreadSanitizer|AddressSanitizer):\s*(.*?)(?: \(pid=\d+\))?$")]
    private static partial Regex Start();

    // "    #2 mpam_resctrl_domain_insert /path/drivers/resctrl/mpam_resctrl.c:144 (stress+0x...)"
    [GeneratedRegex(@"^\s*#\d+ (?:0x[0-9a-f]+ in )?(\S+) (\S+?):(\d+)")]
    private static partial Regex Frame();
}
