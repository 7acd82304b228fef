using System.Text.Json;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// Bugs planted in the seed's mpam_resctrl.c, each one edit, that the suite could not catch while
/// the harness only counted synchronize_rcu() calls, let lockdep switch itself off, never checked
/// locks at a step's end and compared allocation counts only. Each is run against the unchanged
/// model over the seed's model-basics vectors: the C side now reports what each breaks, and the run fails.
/// </summary>
public sealed class PlantedBugTests : TempDirectoryTest
{
    private (int Exit, List<JsonElement> Findings, string FirstFailure) RunMutant(string diff)
    {
        var fix = Path.Combine(TempDir, "mutant.diff");
        File.WriteAllText(fix, diff);
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--fix", fix,
            "--vectors", "vectors/seed/model-basics/*.csv", "--ignore-expectations", "--reports", TempDir, "--run-id", "mutant");
        Assert.That(exit, Is.Not.EqualTo(ExitCodes.BadInput).And.Not.EqualTo(ExitCodes.ReferenceBuildFailed), error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "mutant", "summary.json")));
        var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        var findings = scenarios.SelectMany(s => s.GetProperty("findings").EnumerateArray()).Select(f => f.Clone()).ToList();
        var first = scenarios.Select(s => s.GetProperty("first_failure")).FirstOrDefault(f => f.ValueKind == JsonValueKind.Object);
        return (exit, findings, first.ValueKind == JsonValueKind.Object ? first.GetProperty("message").GetString()! : "");
    }

    private static IEnumerable<(string Kind, string Function)> OnTheCSide(List<JsonElement> findings) =>
        findings.Where(f => f.GetProperty("side").GetString() == "reference")
            .Select(f => (f.GetProperty("kind").GetString()!, f.GetProperty("function").GetString() ?? ""));

    [Test]
    public void APlainListAddTailOnTheDomainListIsAnRcuViolation()
    {
        int line = SeedSource.LineOf("list_add_tail_rcu(&new->list, pos);");
        var (exit, findings, _) = RunMutant(SeedSource.ReplacingFix(line, SeedSource.Lines[line - 1].Replace("list_add_tail_rcu", "list_add_tail")));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(OnTheCSide(findings), Does.Contain(("rcu_plain_list_op", "mpam_resctrl_domain_insert")));
        Assert.That(findings.Where(f => f.GetProperty("kind").GetString() == "rcu_plain_list_op").Select(f => f.GetProperty("text").GetString()),
            Has.Some.Contains("list_add_tail() on L3's ctrl_domains"), "the list named");
    }

    [Test]
    public void APlainListDelOfADomainIsAnRcuViolation()
    {
        int line = SeedSource.LineOf("list_del_rcu(&hdr->list);");
        var (exit, findings, _) = RunMutant(SeedSource.ReplacingFix(line, SeedSource.Lines[line - 1].Replace("list_del_rcu", "list_del")));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(OnTheCSide(findings), Does.Contain(("rcu_plain_list_op", "mpam_resctrl_offline_domain_hdr")));
    }

    [Test]
    public void AGracePeriodBeforeTheUnlinkLetsTheFreeComeTooSoon()
    {
        // synchronize_rcu() moved above list_del_rcu(): the domain is unlinked after the grace
        // period and freed by the caller, mpam_resctrl_offline_cpu(), with no grace period between.
        int unlink = SeedSource.LineOf("list_del_rcu(&hdr->list);");
        Assert.That(SeedSource.Lines[unlink].Trim(), Is.EqualTo("synchronize_rcu();"), "the seed waits right after the unlink");
        var diff = $"--- a/{Conformance.Intake.PatchIntake.PatchedFile}\n+++ b/{Conformance.Intake.PatchIntake.PatchedFile}\n" +
                   $"@@ -{unlink},2 +{unlink},2 @@\n-{SeedSource.Lines[unlink - 1]}\n-{SeedSource.Lines[unlink]}\n" +
                   $"+{SeedSource.Lines[unlink]}\n+{SeedSource.Lines[unlink - 1]}\n";
        var (exit, findings, _) = RunMutant(diff);
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(OnTheCSide(findings), Does.Contain(("rcu_free_before_gp", "mpam_resctrl_offline_cpu")));
        // The finding names the domain: model-basics frees a domain of L3 this way first.
        Assert.That(findings.Where(f => f.GetProperty("kind").GetString() == "rcu_free_before_gp").Select(f => f.GetProperty("text").GetString()),
            Has.Some.Contains("frees L3 domain "));
    }

    [Test]
    public void AnOnlineWithoutTheDomainListLockBreaksTheAssertionLockdepHadStoppedChecking()
    {
        int online = SeedSource.LineOf("int mpam_resctrl_online_cpu(unsigned int cpu)");
        int guard = SeedSource.LineOf("guard(mutex)(&domain_list_lock);", online);
        var (exit, findings, _) = RunMutant(SeedSource.ReplacingFix(guard));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(OnTheCSide(findings), Does.Contain(("lock_not_held", "mpam_resctrl_alloc_domain")),
            "reported though the RCU-list splat had turned a kernel's lockdep off");
    }

    [Test]
    public void ASetupThatKeepsTheHotplugLockIsReportedWhenItReturns()
    {
        int setup = SeedSource.LineOf("int mpam_resctrl_setup(void)");
        int unlock = SeedSource.LineOf("cpus_read_unlock();", setup);
        var (exit, findings, _) = RunMutant(SeedSource.ReplacingFix(unlock));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(OnTheCSide(findings).Select(f => f.Kind), Does.Contain("lock_held_at_return"));
    }

    [Test]
    public void AnAllocationOnNoNodeDiffersInTheLedger()
    {
        int line = SeedSource.LineOf("dom = kzalloc_node(sizeof(*dom), GFP_KERNEL, cpu_to_node(cpu));");
        var (exit, _, firstFailure) = RunMutant(SeedSource.ReplacingFix(line, "\tdom = kzalloc(sizeof(*dom), GFP_KERNEL);"));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(firstFailure, Does.Contain("the node, GFP flags and size of the live allocations"));
    }

    [Test]
    public void AnAllocationOfTheWrongSizeDiffersInTheLedger()
    {
        // A domain allocated larger than its type (too small would corrupt the heap and crash first).
        int line = SeedSource.LineOf("dom = kzalloc_node(sizeof(*dom), GFP_KERNEL, cpu_to_node(cpu));");
        var (exit, _, firstFailure) = RunMutant(SeedSource.ReplacingFix(line, SeedSource.Lines[line - 1].Replace("sizeof(*dom)", "sizeof(*dom) + 8")));
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence));
        Assert.That(firstFailure, Does.Contain("the node, GFP flags and size of the live allocations"));
    }
}
