using Conformance.Model;
using Conformance.Observation;
using static Conformance.Tests.Model.ModelBuilder;

namespace Conformance.Tests.Model;

/// <summary>
/// A resource mapped but not alloc_capable next to one that is (so setup succeeds): the branch
/// the reviewer's suggestions are about, in each variant.
/// </summary>
public sealed class AllocCapableVariantTests
{
    [Test]
    public void ThePatchLeaksADomainPerOnlineAndCannotFindItAtOffline()
    {
        var model = L3AndMba(mbaAllocCapable: false);
        model.Setup();

        Assert.That(model.CpuOnline(0), Is.Zero);
        Assert.That(model.CpuOnline(1), Is.Zero);
        var s = model.Snapshot();
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[0:0-1] MBA~[]"));
        Assert.That(s.Counters.AllocsLive, Is.EqualTo(3u), "one L3 domain, and an unlisted MBA domain per CPU");
        Assert.That(EventText.FormatList(s.Step.Events.AsSpan(), s.Profile), Is.EqualTo("online_cpu(1)"),
            "resctrl is never told about the MBA allocations");

        Assert.That(model.CpuOffline(1), Is.Zero);
        Assert.That(model.WarnHits("mpam_resctrl_offline_cpu", "!dom"), Is.EqualTo(1u));
        Assert.That(model.Snapshot().Counters.AllocsLive, Is.EqualTo(3u));
    }

    [Test]
    public void IsErrAfterAllocChangesNothingObservable()
    {
        var patch = L3AndMba(mbaAllocCapable: false);
        var fixedModel = L3AndMba(mbaAllocCapable: false, ModelVariant.IsErrAfterAlloc);
        var a = new StateSnapshot(patch.Profile);
        var b = new StateSnapshot(patch.Profile);
        foreach (var step in new Func<MpamModel, int>[] { m => m.Setup(), m => m.CpuOnline(0), m => m.CpuOnline(4), m => m.CpuOffline(0) })
        {
            step(patch);
            step(fixedModel);
            patch.Fill(a);
            fixedModel.Fill(b);
            Assert.That(a.SameAs(b), Is.True, () => string.Join("; ", a.Diff(b)));
        }
    }

    [Test]
    public void EarlyAllocCheckFailsEveryOnlineWithEinvalAndLeaksNothing()
    {
        var model = L3AndMba(mbaAllocCapable: false, ModelVariant.EarlyAllocCheck);
        model.Setup();

        Assert.That(model.CpuOnline(0), Is.EqualTo(-Errno.EINVAL));
        var s = model.Snapshot();
        Assert.That(model.OnlineCpus(), Is.Empty);
        Assert.That(s.WarnSites.Count, Is.Zero, "the early check returns before the !ctrl_comp WARN");
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[0:0] MBA~[]"), "L3 came first and keeps the CPU");
        Assert.That(s.Counters.AllocsLive, Is.EqualTo(1u), "only the listed L3 domain");
        Assert.That(EventText.FormatList(s.Step.Events.AsSpan(), s.Profile), Is.EqualTo("online_ctrl_domain(L3,0)"));
    }

    [Test]
    public void EarlyAllocCheckChecksBeforeLookingForAComponent()
    {
        // MBA's class covers no CPU: the patch WARNs about the missing component, the fix refuses first.
        foreach (var (variant, warns) in new[] { (ModelVariant.Patch, 1u), (ModelVariant.EarlyAllocCheck, 0u) })
        {
            var model = TwoL3(variant);
            model.AddClass(1, MpamClassType.Memory);
            model.MapClass(MBA, 1, allocCapable: false);
            model.Setup();
            Assert.That(model.CpuOnline(0), Is.EqualTo(-Errno.EINVAL), variant.ToString());
            Assert.That(model.WarnHits("mpam_resctrl_alloc_domain", "!ctrl_comp"), Is.EqualTo(warns), variant.ToString());
        }
    }

    [Test]
    public void VariantsAreNamedAsTheReviewNamesThem()
    {
        Assert.That(ModelVariantNames.TryParse("early-alloc-check+iserr-after-alloc", out var both), Is.True);
        Assert.That(both, Is.EqualTo(ModelVariant.EarlyAllocCheck | ModelVariant.IsErrAfterAlloc));
        Assert.That(ModelVariantNames.Format(both), Is.EqualTo("early-alloc-check+iserr-after-alloc"));
        Assert.That(ModelVariantNames.TryParse("patch", out var patch) && patch == ModelVariant.Patch, Is.True);
        Assert.That(ModelVariantNames.TryParse("early", out _), Is.False);
    }
}
