using Conformance.Model;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Model;

/// <summary>Which functions a revision defines, and which model family renders them.</summary>
public sealed class ModelFamilyTests
{
    // The seed's file, read top to bottom: every function it defines, in order.
    private static readonly string[] SeedFunctions =
    [
        "resctrl_arch_alloc_capable", "resctrl_arch_get_num_closid", "resctrl_arch_get_resource",
        "mpam_resctrl_control_init", "mpam_resctrl_pick_domain_id", "mpam_resctrl_domain_hdr_init",
        "mpam_resctrl_online_domain_hdr", "mpam_resctrl_offline_domain_hdr", "mpam_resctrl_domain_insert",
        "mpam_resctrl_alloc_domain", "mpam_resctrl_get_domain_from_cpu", "mpam_resctrl_online_cpu",
        "mpam_resctrl_offline_cpu", "mpam_resctrl_setup",
    ];

    [Test]
    public void TheSeedDefinesItsFourteenFunctions() =>
        Assert.That(RevisionFunctions.Defined(SeedSource.Lines), Is.EqualTo(SeedFunctions));

    [Test]
    public void DeclarationsMacroUsesAndBodiesAreNotDefinitions()
    {
        string[] file =
        [
            "static DEFINE_MUTEX(lock);",
            "int declared_only(void);",
            "static struct thing *",
            "multi_line(unsigned int cpu,",
            "\t   struct thing *t)",
            "{",
            "\tif (cpu) {",
            "\t\tcall_inside(\"{\");",
            "\t}",
            "\treturn t;",
            "}",
            "",
            "void after(void)",
            "{",
            "}",
            "static const struct ops ops = {",
            "\t.fn = after,",
            "};",
        ];
        Assert.That(RevisionFunctions.Defined(file), Is.EqualTo(new[] { "multi_line", "after" }));
    }

    [Test]
    public void TheSeedFamilyRendersEveryFunctionOfTheSeed()
    {
        Assert.That(ModelFamilies.Seed.Implements, Is.EquivalentTo(SeedFunctions), "one [CFunction] method per C function");
        var (family, notModelled) = ModelFamilies.Pick(SeedFunctions);
        Assert.That(family, Is.SameAs(ModelFamilies.Seed));
        Assert.That(notModelled, Is.Empty);
    }

    // Read from the merged file by hand: what the filesystem's event configuration, assignable
    // counters, io_alloc, rmid encoding and task matching reach, none of which a vector op drives,
    // and the initcall.
    private static readonly string[] MainlineNotModelled =
    [
        "resctrl_arch_is_evt_configurable", "resctrl_arch_mon_event_config_read", "resctrl_arch_mon_event_config_write",
        "resctrl_arch_reset_rmid_all", "resctrl_arch_reset_rmid", "resctrl_arch_reset_cntr", "resctrl_arch_config_cntr",
        "resctrl_arch_cntr_read", "resctrl_arch_mbm_cntr_assign_enabled", "resctrl_arch_mbm_cntr_assign_set",
        "resctrl_arch_io_alloc_enable", "resctrl_arch_get_io_alloc_enabled",
    ];

    private static IReadOnlyList<string> DefinedBy(string revision)
    {
        var file = File.ReadAllLines(Path.Combine(RepoPaths.Shared, "revisions", revision, "drivers", "resctrl", "mpam_resctrl.c"));
        var defined = RevisionFunctions.Defined(file);
        Assert.That(defined, Has.Count.EqualTo(file.Count(l => l == "{")), "one definition per top-level body");
        return defined;
    }

    [Test]
    public void MainlineIsHeldAgainstItsOwnFamilyWhichNamesWhatItDoesNotRender()
    {
        var defined = DefinedBy("mainline-fb481ec0");
        Assert.That(defined, Has.Count.EqualTo(74));
        var (family, notModelled) = ModelFamilies.Pick(defined);
        Assert.That(family, Is.SameAs(ModelFamilies.Mainline));
        Assert.That(notModelled, Is.EqualTo(MainlineNotModelled), "in the file's order");
        Assert.That(ModelFamilies.Mainline.Implements, Has.Count.EqualTo(74 - MainlineNotModelled.Length));
    }

    [Test]
    public void TheCachesAndCdpStageIsHeldAgainstMainlinesModelWithoutWhatCameLater()
    {
        var defined = DefinedBy("caches-cdp-01a0021f");
        Assert.That(defined, Has.Count.EqualTo(30));
        var (family, notModelled) = ModelFamilies.Pick(defined);
        Assert.That(family, Is.SameAs(ModelFamilies.CachesCdp), "the closest revision of the family that renders all it can");
        Assert.That(notModelled, Is.Empty, "the stage's task and CPU plumbing is mainline's, rendered");
        Assert.That(ModelFamilies.CachesCdp.Implements, Is.SubsetOf(ModelFamilies.Mainline.Implements));
        Assert.That(ModelFamilies.CachesCdp.Implements.Except(defined), Is.Empty, "nothing of mainline's that the stage does not have");
    }

    [Test]
    public void TheFeaturesAreTheRevisionsOwnEnumInOrder()
    {
        var header = File.ReadAllLines(Path.Combine(RepoPaths.Shared, "revisions", "caches-cdp-01a0021f", "drivers", "resctrl", "mpam_internal.h"));
        var features = DeviceFeatures.Parse(header);
        // Read from the header's enum mpam_device_features: 26 entries before MPAM_FEATURE_LAST.
        Assert.That(features, Has.Count.EqualTo(26));
        Assert.That(features.Take(3), Is.EqualTo(new[] { "cpor_part", "cmax_softlim", "cmax_cmax" }));
        Assert.That(features[^1], Is.EqualTo("partid_nrw"));
        Assert.That(features.ToList().IndexOf("msmon_csu"), Is.EqualTo(14));
        Assert.That(DeviceFeatures.Parse(SeedSource.Lines), Is.Empty, "a file without the enum names none");
    }
}
