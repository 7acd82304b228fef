using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// Each scenario boots afresh: every file-scope variable of the revision is restored at reset
/// (FileStatics). Mainline keeps the class its monitors count on in mpam_resctrl_counters; kept
/// across a reset, that points at the freed class of the scenario before.
/// </summary>
public sealed class BootsAfreshTests : TempDirectoryTest
{
    private const string Header = "scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note\n";

    private static string Platform(string name, string features) =>
        $"{name},topology,cpus=4,,,,,\n" +
        $"{name},cache,cpus=0-3 level=3 id=0 size=1048576,,,,,\n" +
        $"{name},class,id=0 type=cache level=3,,,,,\n" +
        $"{name},props,\"class=0 features={features} cpbm_wd=16 csu_mon=8\",,,,,\n" +
        $"{name},component,class=0 id=0 cpus=0-3,,,,,\n" +
        $"{name},setup,,,,,,\n" +
        $"{name},online,cpus=0-3,,,,,\n";

    // The reference's side of each step of one scenario, from steps.csv.
    private static List<string> ReferenceSteps(string reports, string scenario)
    {
        var steps = new List<string>();
        using var csv = CsvHelper.CsvReader.FromFile(Path.Combine(reports, "latest", "steps.csv"), CsvHelper.CsvReaderOptions.Default with { HasHeader = false });
        csv.Read();   // the header
        while (csv.Read())
            if (csv.GetString(1) == scenario)
                steps.Add(string.Join(" | ", csv.GetString(4), csv.GetString(5), csv.GetString(7), csv.GetString(9), csv.GetString(11)));
        return steps;   // op, args, the reference's rc, domains and events
    }

    [Test]
    public void AScenarioAfterOneWithMonitorsRunsAsItWouldAlone()
    {
        var mainline = Path.Combine(RepoPaths.Shared, "revisions", "mainline-fb481ec0");
        Directory.CreateDirectory(Path.Combine(TempDir, "vectors"));
        File.WriteAllText(Path.Combine(TempDir, "vectors", "both.csv"), Header + Platform("monitors", "cpor_part,msmon,msmon_csu") + Platform("plain", "cpor_part"));
        File.WriteAllText(Path.Combine(TempDir, "vectors", "alone.csv"), Header + Platform("plain", "cpor_part"));

        var both = Path.Combine(TempDir, "both");
        ConsoleCapture.Run(TempDir, "run", "--kernel-tree", mainline, "--vectors", "vectors/both.csv", "--keep-going", "--ignore-expectations", "--reports", both);
        var alone = Path.Combine(TempDir, "alone");
        ConsoleCapture.Run(TempDir, "run", "--kernel-tree", mainline, "--vectors", "vectors/alone.csv", "--keep-going", "--ignore-expectations", "--reports", alone);

        var summary = File.ReadAllText(Path.Combine(both, "latest", "summary.md"));
        Assert.That(summary, Does.Not.Contain("| `plain` | `vectors/both.csv:9` | Crashed"), "no pointer into the last scenario's freed class");
        var afterMonitors = ReferenceSteps(both, "plain");
        Assert.That(afterMonitors, Has.Count.EqualTo(10));
        Assert.That(afterMonitors, Is.EqualTo(ReferenceSteps(alone, "plain")));
        Assert.That(ReferenceSteps(both, "monitors").Last(), Does.Contain("L3[0:0-3]"), "the monitors scenario itself ran");
    }
}
