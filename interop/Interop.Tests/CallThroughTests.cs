using Conformance.Interop;

namespace Interop.Tests;

/// <summary>
/// Calls through the generated bindings into the seed's reference: the patch's own code. The
/// library is MPAM_REF_LIB (./build.sh sets it to the build of the default patch), else the newest
/// build under build/ref/. One library per process, as the loader allows.
/// </summary>
public sealed unsafe class CallThroughTests
{
    private static string Library()
    {
        if (Environment.GetEnvironmentVariable(MpamRefLibrary.EnvironmentVariable) is { Length: > 0 } set)
            return set;
        var built = Path.Combine(Conformance.Tests.SourceTree.Root, "build", "ref");
        var newest = Directory.Exists(built)
            ? Directory.GetFiles(built, "libmpamref.so", SearchOption.AllDirectories)
                .Where(p => Path.GetFileName(Path.GetDirectoryName(p)) == "release")
                .OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        if (newest is null)
            Assert.Fail("no reference library: run ./build.sh (it builds the default patch) or set MPAM_REF_LIB");
        return newest!;
    }

    [OneTimeSetUp]
    public void Bind() => MpamRefLibrary.Use(Library());

    [Test]
    public void ResetTopologyMapSetupOnlineSnapshot()
    {
        Assert.That(Methods.mpam_ref_abi_version(), Is.EqualTo(Methods.MPAM_REF_ABI_VERSION));
        Methods.mpam_ref_reset();
        Assert.That(Methods.mpam_ref_set_possible_cpus(8), Is.Zero);
        Assert.That(Methods.mpam_ref_add_class(0, (int)mpam_ref_class_type.MPAM_REF_CLASS_CACHE, 3), Is.Zero);
        ulong low = 0x0f, high = 0xf0;
        Assert.That(Methods.mpam_ref_add_component(0, 0, &low, 1), Is.Zero);
        Assert.That(Methods.mpam_ref_add_component(0, 1, &high, 1), Is.Zero);
        Assert.That(Methods.mpam_ref_map_class(0, 0, 1), Is.Zero);
        Assert.That(Methods.mpam_ref_setup(), Is.Zero);
        Assert.That(Methods.mpam_ref_cpu_online(5), Is.Zero);

        var info = new mpam_ref_snapshot_info();
        var resources = new mpam_ref_resource[Methods.MPAM_REF_MAX_RESOURCES];
        var domains = new mpam_ref_domain[8];
        var masks = new ulong[8];
        fixed (mpam_ref_resource* r = resources)
        fixed (mpam_ref_domain* d = domains)
        fixed (ulong* m = masks)
            Assert.That(Methods.mpam_ref_snapshot(&info, r, (uint)resources.Length, d, (uint)domains.Length, m, (uint)masks.Length), Is.Zero);

        Assert.That(info.resource_count, Is.EqualTo(Methods.mpam_ref_num_resources()));
        Assert.That(info.mpam_enabled, Is.EqualTo(1));
        fixed (sbyte* name = resources[0].name)
            Assert.That(new string(name), Is.EqualTo("L3"));
        Assert.That(resources[0].domain_count, Is.EqualTo(1));
        var domain = domains[resources[0].first_domain];
        Assert.That((domain.id, domain.comp_id, domain.cpu_count), Is.EqualTo((1, 1, 1u)));
        Assert.That(masks[domain.mask_offset], Is.EqualTo(1UL << 5));
    }
}
