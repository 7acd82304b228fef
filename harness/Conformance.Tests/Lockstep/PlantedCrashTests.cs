using System.Text.Json;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// A reference that crashes takes its worker with it, and with the worker what the scenario had
/// shown: the steps before the crash are run again for it, as a kernel log keeps the reports
/// before an oops. The planted bug walks one staged configuration past the end of the array
/// (t &lt;= CDP_NUM_TYPES) and reads a pointer that is not one at the first schemata write.
/// </summary>
public sealed class PlantedCrashTests : PlantedMainlineBugTest
{
    private static string Overrun => Replacing("for (enum resctrl_conf_type t = 0; t < CDP_NUM_TYPES; t++) {",
        "\t\tfor (enum resctrl_conf_type t = 0; t <= CDP_NUM_TYPES; t++) {");

    [Test]
    public void ACrashedScenarioStillReportsWhatItsStepsShowedBeforeTheCrash()
    {
        var (exit, message, _) = RunPlanted(Overrun, "vectors/mainline/filesystem.csv");
        Assert.That(exit, Is.Not.EqualTo(ExitCodes.Conforms));
        Assert.That(message, Does.StartWith("the reference died with signal 11 (SIGSEGV) during `schemata res=L3 closid=1"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "planted", "summary.json")));
        var crashed = json.RootElement.GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "schemata");
        Assert.That(crashed.GetProperty("outcome").GetString(), Is.EqualTo("crashed"));
        // setup walks the control list outside an RCU reader, as the unchanged file does (filesystem.csv expects rules=1 there).
        var findings = crashed.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("side").GetString(), f.GetProperty("kind").GetString(), f.GetProperty("function").GetString())).ToList();
        Assert.That(findings, Does.Contain(("both", "rcu_list_unprotected", "mpam_resctrl_get_domain_from_cpu")));
    }

    [Test]
    public void AReviewOfAFixThatCrashesSaysSoAndRemovesNothingItNeverReached()
    {
        var fix = Path.Combine(TempDir, "overrun.diff");
        File.WriteAllText(fix, Overrun);
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--kernel-tree", Mainline, "--fix", fix,
            "--vectors", "vectors/mainline/filesystem.csv", "--reports", TempDir, "-q");
        Assert.That(exit, Is.Not.EqualTo(ExitCodes.BadInput), error);
        var verdict = (output + error).Split('\n').Single(l => l.StartsWith("overrun: ", StringComparison.Ordinal));
        // Each scenario that writes a schemata value dies at that write: the RCU-list report the
        // base makes there (and the CDP invariants after it) are never reached, not removed.
        Assert.That(verdict, Does.StartWith("overrun: crashes or hangs in "));
        Assert.That(verdict, Does.Not.Contain("removes"));
        Assert.That(verdict, Does.Contain("does not reach"));
    }
}
