using System.Text.Json;
using Conformance.Cli;
using Conformance.Stress;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Stress;

/// <summary>
/// The stress run: reader threads under a real RCU while the steps run. The seed's ordering is
/// clean under both sanitizers; a plain list_add_tail() on the domain list is a data race at its
/// line; a grace period moved before the unlink lets the free race with readers still on the node.
/// </summary>
public sealed class StressTests : TempDirectoryTest
{
    private (int Exit, List<JsonElement> Reports, string Error) Stress(params string[] fix)
    {
        string[] args = ["stress", "--patch", RepoPaths.Seed, "--vectors", "vectors/seed/model-basics/*.csv", "--reports", TempDir, "--run-id", "s",
            .. fix.SelectMany(f => new[] { "--fix", f })];
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, args);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "s", "stress.json")));
        return (exit, json.RootElement.EnumerateArray().Select(e => e.Clone()).ToList(), error);
    }

    private string Fix(string diff)
    {
        var path = Path.Combine(TempDir, $"fix-{Guid.NewGuid():N}.diff");
        File.WriteAllText(path, diff);
        return path;
    }

    [Test]
    public void TheSeedsOrderingIsCleanUnderBothSanitizers()
    {
        var (exit, reports, error) = Stress();
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(reports, Is.Empty);
        Assert.That(error, Does.Contain("stress (tsan): 0 report(s)").And.Contain("stress (asan): 0 report(s)"));
    }

    [Test]
    public void APlainListAddTailIsADataRaceAtItsLine()
    {
        int line = SeedSource.LineOf("list_add_tail_rcu(&new->list, pos);");
        var (exit, reports, error) = Stress(Fix(SeedSource.ReplacingFix(line, SeedSource.Lines[line - 1].Replace("list_add_tail_rcu", "list_add_tail"))));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence), error);
        Assert.That(reports.Select(r => (r.GetProperty("tool").GetString(), r.GetProperty("what").GetString(), r.GetProperty("patch_frame").GetString())),
            Does.Contain(("ThreadSanitizer", "data race", $"mpam_resctrl_domain_insert() at drivers/resctrl/mpam_resctrl.c:{line}")));
    }

    [Test]
    public void AGracePeriodBeforeTheUnlinkRacesTheFreeWithReaders()
    {
        int unlink = SeedSource.LineOf("list_del_rcu(&hdr->list);");
        var file = Conformance.Intake.PatchIntake.PatchedFile;
        var diff = $"--- a/{file}\n+++ b/{file}\n@@ -{unlink},2 +{unlink},2 @@\n-{SeedSource.Lines[unlink - 1]}\n-{SeedSource.Lines[unlink]}\n" +
                   $"+{SeedSource.Lines[unlink]}\n+{SeedSource.Lines[unlink - 1]}\n";
        int free = SeedSource.LineOf("kfree(dom);", SeedSource.LineOf("void mpam_resctrl_offline_cpu(unsigned int cpu)"));
        var (exit, reports, error) = Stress(Fix(diff));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence), error);
        Assert.That(reports.Select(r => r.GetProperty("patch_frame").GetString()),
            Does.Contain($"mpam_resctrl_offline_cpu() at drivers/resctrl/mpam_resctrl.c:{free}"));
    }

    [Test]
    public void AReportBelongsToTheStepBeforeItAndNamesThePatchsFrame()
    {
        var stderr = new[]
        {
            "== step 3: s vectors/a.csv:7",
            "==================",
            "WARNING: ThreadSanitizer: data race (pid=1)",
            "  Atomic read of size 8 at 0x1 by thread T1:",
            "    #0 reader /x/stress/stress.c:56 (stress+0x1)",
            "  Previous write of size 8 at 0x1 by main thread:",
            "    #0 __list_add /x/kernel/stand_in_defs.h:96 (stress+0x2)",
            "    #1 mpam_resctrl_domain_insert /src/drivers/resctrl/mpam_resctrl.c:144 (stress+0x3)",
            "  Location is heap block of size 64 at 0x1 allocated by main thread:",
            "    #0 mpam_resctrl_alloc_domain /src/drivers/resctrl/mpam_resctrl.c:173 (stress+0x4)",
            "SUMMARY: ThreadSanitizer: data race /x/stress/stress.c:56 in reader",
            "== step 4: s vectors/a.csv:8",
        };
        var reports = SanitizerReports.Parse(stderr, "drivers/resctrl/mpam_resctrl.c");
        Assert.That(reports.Select(r => (r.Tool, r.What, r.Step, r.PatchFrame)), Is.EqualTo(new[]
        {
            ("ThreadSanitizer", "data race", "s vectors/a.csv:7", (string?)"mpam_resctrl_domain_insert() at drivers/resctrl/mpam_resctrl.c:144"),
        }));
    }
}
