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

    [Test]
    public void MainlineIsToldWhichOfItsFunctionsNoModelRenders()
    {
        var file = File.ReadAllLines(Path.Combine(RepoPaths.Shared, "revisions", "mainline-fb481ec0", "drivers", "resctrl", "mpam_resctrl.c"));
        var defined = RevisionFunctions.Defined(file);
        Assert.That(defined, Has.Count.EqualTo(file.Count(l => l == "{")), "one definition per top-level body");
        var (_, notModelled) = ModelFamilies.Pick(defined);
        Assert.That(notModelled, Does.Contain("mpam_resctrl_exit").And.Contain("resctrl_arch_update_one").And.Contain("resctrl_arch_set_cdp_enabled"));
        Assert.That(notModelled, Does.Not.Contain("mpam_resctrl_online_cpu"), "a function the seed's model renders is held against it");
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
