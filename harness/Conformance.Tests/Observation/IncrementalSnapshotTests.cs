using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Vectors;

namespace Conformance.Tests.Observation;

/// <summary>
/// A step costs the masks it changed: a side leaves a mask it did not change where its last fill
/// put it, the comparison after an agreement looks only at masks a side wrote, and the
/// placement invariants walk only the words a mask has bits in.
/// </summary>
public sealed class IncrementalSnapshotTests
{
    // Two L3 domains on 256 CPUs (4 words a mask): CPUs 0-1 and 130.
    private static void Fill(StateSnapshot s, bool keepFirst, bool keepSecond, ulong second = 1UL << 2)
    {
        s.Begin(256);
        s.AddResource();
        if (keepFirst)
            s.AddDomainAt(0, 0, DomainType.Control, 0, 0, monitor: false, wasSlot: 0);
        else
            s.AddDomain(0, DomainType.Control, 0, 0)[0] = 0x3;
        if (keepSecond)
            s.AddDomainAt(1, 1, DomainType.Control, 0, 1, monitor: false, wasSlot: 1);
        else
            s.AddDomain(1, DomainType.Control, 0, 1)[2] = second;
    }

    [Test]
    public void AKeptMaskStaysWhereTheLastFillPutItAndItsNonzeroWordsAreKnown()
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        Fill(s, keepFirst: false, keepSecond: false);
        Assert.That(s.NonZeroWords(1), Is.EqualTo((2, 3)));
        Fill(s, keepFirst: true, keepSecond: true);
        Assert.That(s.MaskOf(0)[0], Is.EqualTo(0x3UL));
        Assert.That(s.MaskOf(1)[2], Is.EqualTo(1UL << 2));
        Assert.That(s.Domains.AsSpan().ToArray().Select(d => d.MaskWritten), Is.EqualTo(new[] { false, false }));
        Assert.That(s.NonZeroWords(1), Is.EqualTo((2, 3)));
        Fill(s, keepFirst: true, keepSecond: false, second: 0);
        Assert.That(s.NonZeroWords(1), Is.EqualTo((0, 0)), "a mask written anew is measured anew");
    }

    // Two sides' snapshots, each filled once with every mask written, equal.
    private static (StateSnapshot A, StateSnapshot B) AgreedPair()
    {
        var a = new StateSnapshot(ResourceProfile.Default);
        var b = new StateSnapshot(ResourceProfile.Default);
        Fill(a, false, false);
        Fill(b, false, false);
        Assert.That(a.SameAs(b), Is.True);
        return (a, b);
    }

    [Test]
    public void AfterAnAgreementOnlyTheMasksASideWroteAreCompared()
    {
        var (a, b) = AgreedPair();

        // One side writes the second mask differently: found, after an agreement too.
        Fill(a, true, true);
        Fill(b, true, false, second: 1UL << 3);
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.False);
        Assert.That(a.SameAs(b), Is.False);

        // Both write it, differently: neither says where it was, so it is compared.
        Fill(a, false, false);
        Fill(b, false, false);
        Fill(a, true, false, second: 1UL << 2);
        Fill(b, true, false, second: 1UL << 3);
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.False, "both wrote domain 1's mask, and they differ");

        // Both kept a mask: unchanged on both sides since they agreed, so not looked at again
        // (that the sides keep only what did not change is the glue's and the model's part).
        Fill(a, false, false);
        Fill(b, false, false);
        a.DomainMasks[0] = 0x7;                                     // behind the fill's back
        Fill(a, true, true);
        Fill(b, true, true);
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.True);
        Assert.That(a.SameAs(b), Is.False, "the whole comparison still sees everything");
    }

    // Runs the model over a scenario on 256 CPUs (the rows after the header), filling one snapshot
    // step after step, and hands it over after every step.
    private static StateSnapshot RunModel(string rows, Action<StateSnapshot> afterEachStep)
    {
        var scenario = TestSupport.OneScenario.Parse("scenario,op,args\n" + rows, ResourceProfile.Default, "m.csv");
        var model = new Conformance.Model.MpamModel(ResourceProfile.Default);
        var s = new StateSnapshot(ResourceProfile.Default);
        model.Reset();
        foreach (var step in scenario.Steps)
        {
            StepDispatch.Apply(model, step);
            model.Fill(s);
            afterEachStep(s);
        }
        return s;
    }

    [Test]
    public void TheModelWritesOnlyTheDomainAStepChanged()
    {
        var written = new List<bool[]>();
        var s = RunModel("""
            m,topology,cpus=256
            m,class,id=0 type=cache level=3
            m,component,class=0 id=0 cpus=0-127
            m,component,class=0 id=1 cpus=128-255
            m,map,res=L3 class=0 alloc_capable=1
            m,setup,
            m,online,cpu=0
            m,online,cpu=130
            m,online,cpu=1
            """, s => written.Add(s.Domains.AsSpan().ToArray().Select(d => d.MaskWritten).ToArray()));
        // online 130 makes domain 1 (written) and leaves domain 0 (kept); online 1 writes domain 0 only.
        Assert.That(written[^2], Is.EqualTo(new[] { false, true }));
        Assert.That(written[^1], Is.EqualTo(new[] { true, false }));
        Assert.That(s.MaskOf(0)[0], Is.EqualTo(0x3UL));
        Assert.That(s.MaskOf(1)[2], Is.EqualTo(1UL << 2));
    }

    [Test]
    public void AFillThatKeepsTheDomainsRewritesWhatItIsGivenAndRemembersWhatItOverwrote()
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        Fill(s, keepFirst: false, keepSecond: false);
        s.BeginKeepingDomains(256);
        ref var l3 = ref s.AddResource();
        Assert.That((l3.FirstDomain, l3.DomainCount), Is.EqualTo((0, 2)), "each resource keeps its place among the domains");
        Assert.That(s.Domains.AsSpan().ToArray().Select(d => d.MaskWritten), Is.EqualTo(new[] { false, false }));
        var mask = s.RewriteMask(1);
        mask.Clear();
        mask[3] = 1;
        Assert.That(s.WrittenSlots.ToArray(), Is.EqualTo(new[] { 1 }));
        Assert.That(s.WrittenWordsOf(0), Is.EqualTo((0, 4)), "a mask rewritten whole");
        Assert.That(s.PreviousWordsOf(0).ToArray(), Is.EqualTo(new ulong[] { 0, 0, 1UL << 2, 0 }));
        Assert.That(s.NonZeroWords(1), Is.EqualTo((3, 4)), "a rewritten mask is measured anew");
        Assert.That(s.Domains[0].MaskWritten, Is.False);
        Assert.That(s.Domains[1].MaskWritten, Is.True);
        Assert.That(s.MaskOf(0)[0], Is.EqualTo(0x3UL));

        // The next kept fill starts with nothing rewritten.
        s.BeginKeepingDomains(256);
        Assert.That(s.WrittenSlots.Length, Is.Zero);
        Assert.That(s.Domains[1].MaskWritten, Is.False);
    }

    [Test]
    public void KeptDomainsAreComparedOnlyWhereASideRewroteThem()
    {
        var (a, b) = AgreedPair();
        a.BeginKeepingDomains(256);
        b.BeginKeepingDomains(256);
        a.AddResource();
        b.AddResource();
        a.DomainMasks[0] = 0x7;                                     // behind the fill's back: not a rewrite
        b.RewriteMask(1)[2] = 1UL << 5;
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.False, "what one side rewrote is compared");
        b.RewriteMask(1)[2] = 1UL << 2;
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.True, "what neither rewrote is not looked at");
        Assert.That(a.SameAs(b), Is.False, "the whole comparison still sees everything");
    }

    [Test]
    public void ARewriteOfSomeWordsRemembersThoseWordsAndWidensToCoverASecond()
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        Fill(s, keepFirst: false, keepSecond: false);               // domain 1: CPU 130 (word 2 of 4)
        s.BeginKeepingDomains(256);
        s.AddResource();
        var words = s.RewriteMaskWords(1, 2, 3);
        Assert.That(words.Length, Is.EqualTo(1), "only the words asked for are handed out");
        words[0] = 1UL << 3;                                        // CPU 131 for 130
        Assert.That(s.WrittenWordsOf(0), Is.EqualTo((2, 3)));
        Assert.That(s.PreviousWordsOf(0).ToArray(), Is.EqualTo(new[] { 1UL << 2 }));
        Assert.That(s.ChangedWords(1), Is.EqualTo((2, 3)));
        Assert.That(s.ChangedWords(0), Is.EqualTo((0, 0)), "a kept mask changed nowhere");

        // A second rewrite of word 0: the run widens over word 1 too, which held what it holds.
        s.RewriteMaskWords(1, 0, 1)[0] = 0x1;
        Assert.That(s.WrittenSlots.ToArray(), Is.EqualTo(new[] { 1 }), "a domain is named once");
        Assert.That(s.WrittenWordsOf(0), Is.EqualTo((0, 3)));
        Assert.That(s.PreviousWordsOf(0).ToArray(), Is.EqualTo(new ulong[] { 0, 0, 1UL << 2 }), "word 2 as it was before the first rewrite");
        Assert.That(s.MaskOf(1).ToArray(), Is.EqualTo(new ulong[] { 0x1, 0, 1UL << 3, 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.RewriteMaskWords(1, 3, 5));
    }

    [Test]
    public void AfterAnAgreementTheWordsEitherSideRewroteAreCompared()
    {
        var (a, b) = AgreedPair();                                  // domain 1: CPU 130 (word 2) on both
        a.BeginKeepingDomains(256);
        b.BeginKeepingDomains(256);
        a.AddResource();
        b.AddResource();
        a.RewriteMaskWords(1, 2, 3)[0] = 1UL << 2;                  // a rewrote word 2 as it was
        b.RewriteMaskWords(1, 3, 4)[0] = 1UL << 1;                  // b set CPU 193 in word 3
        b.Domains[1].CpuCount = a.Domains[1].CpuCount;              // the counts agree: only the words tell
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.False, "word 3 is b's change: compared though a did not write it");
        Assert.That(b.SameAs(a, agreedAtLastFill: true), Is.False);

        a.RewriteMaskWords(1, 3, 4)[0] = 1UL << 1;
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.True);
        a.DomainMasks[4 + 0] = 0x9;                                 // word 0, behind both fills' backs: neither changed it
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.True, "words neither side rewrote are not looked at");
        Assert.That(a.SameAs(b), Is.False, "the whole comparison still sees everything");
    }

    [Test]
    public void TheModelRewritesOnlyTheWordsAStepChangedAndCountsItsCpusAsTheyChange()
    {
        var runs = new List<(int, int)[]>();
        var counts = new List<int[]>();
        var s = RunModel("""
            m,topology,cpus=256
            m,class,id=0 type=cache level=3
            m,component,class=0 id=0 cpus=0-255
            m,map,res=L3 class=0 alloc_capable=1
            m,setup,
            m,online,cpu=0
            m,online,cpu=200
            m,online,cpu=70
            m,offline,cpu=200
            """, s =>
        {
            runs.Add(Enumerable.Range(0, s.WrittenSlots.Length).Select(s.WrittenWordsOf).ToArray());
            counts.Add(s.Domains.AsSpan().ToArray().Select(d => d.CpuCount).ToArray());
        });
        // online 0 lists the domain (written whole, not rewritten); then each step rewrites the one word its CPU is in.
        Assert.That(runs.TakeLast(3), Is.EqualTo(new[] { new[] { (3, 4) }, new[] { (1, 2) }, new[] { (3, 4) } }));
        Assert.That(counts.TakeLast(4).Select(c => c.Single()), Is.EqualTo(new[] { 1, 2, 3, 2 }));
        Assert.That(s.MaskOf(0).ToArray(), Is.EqualTo(new ulong[] { 0x1, 1UL << 6, 0, 0 }));
    }

    [Test]
    public void AfterAKeptFillThatEditedAndRewroteTheNextSaysEveryRowIsWhereItWas()
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        FillThree(s);
        s.BeginKeepingDomains(256);
        s.AddResource();
        s.RemoveDomain(0, monitor: false, index: 1);                // domain 2 moves up from place 2
        s.RewriteMask(0)[0] = 0x3;                                  // domain 0 stays, its mask rewritten
        Assert.That(s.Domains.AsSpan().ToArray().Select(d => (d.Id, d.WasSlot)), Is.EqualTo(new[] { (0, -1), (2, 2) }));

        // Nothing happens: a row before the edit that was rewritten, and one after it that moved, are where they were.
        s.BeginKeepingDomains(256);
        s.AddResource();
        Assert.That(s.Domains.AsSpan().ToArray().Select(d => (d.Id, d.WasSlot)), Is.EqualTo(new[] { (0, 0), (2, 1) }));
    }

    [Test]
    public void TheModelKeepsAMaskAtItsHomeWhenItsDomainMovesAndSaysWhereItWas()
    {
        var offsets = new List<int[]>();
        var was = new List<int[]>();
        var kept = new List<bool>();
        var edited = new List<bool>();
        var s = RunModel("""
            m,topology,cpus=256
            m,class,id=0 type=cache level=3
            m,component,class=0 id=0 cpus=0-63
            m,component,class=0 id=1 cpus=64-127
            m,component,class=0 id=2 cpus=128-255
            m,map,res=L3 class=0 alloc_capable=1
            m,setup,
            m,online,cpu=64
            m,online,cpu=130
            m,online,cpu=1
            m,online,cpu=65
            """, s =>
        {
            offsets.Add(s.Domains.AsSpan().ToArray().Select(d => d.MaskOffset).ToArray());
            was.Add(s.Domains.AsSpan().ToArray().Select(d => d.WasSlot).ToArray());
            kept.Add(s.DomainsKept);
            edited.Add(s.DomainsEdited);
        });
        // online 1 makes domain 0 ahead of domains 1 and 2: they move, their masks stay at their homes (4 words a mask).
        Assert.That(offsets[^3], Is.EqualTo(new[] { 0, 4 }));
        Assert.That(offsets[^2], Is.EqualTo(new[] { 8, 0, 4 }));
        Assert.That(was[^2], Is.EqualTo(new[] { -1, 0, 1 }), "a new mask is written; a moved one says where it was");
        Assert.That(kept[^2] && edited[^2], Is.True, "one link since the last fill: the snapshot follows it, no walk");
        Assert.That(edited[^1], Is.False);
        // online 65 changes domain 1's mask and no list: only it is rewritten.
        Assert.That(kept[^1], Is.True);
        Assert.That(s.WrittenSlots.ToArray(), Is.EqualTo(new[] { 1 }));
        Assert.That(was[^1], Is.EqualTo(new[] { 0, -1, 2 }));
        Assert.That(s.MaskOf(1)[1], Is.EqualTo(0x3UL));
        Assert.That(s.MaskOf(0)[0], Is.EqualTo(0x2UL));
    }

    // After Fill: a new domain 7 is listed first and domains 0 and 1 follow, their masks unchanged at
    // homes 0 and 1; the side says where each was at its last fill.
    private static void Moved(StateSnapshot s, int wasOfFirst, int homeOfFirst, int wasOfSecond, int homeOfSecond)
    {
        s.Begin(256);
        s.AddResource();
        s.AddDomainAt(2, 7, DomainType.Control, 0, 7, monitor: false, wasSlot: -1)[1] = 1;
        s.AddDomainAt(homeOfFirst, 0, DomainType.Control, 0, 0, monitor: false, wasOfFirst);
        s.AddDomainAt(homeOfSecond, 1, DomainType.Control, 0, 1, monitor: false, wasOfSecond);
        for (int i = 0; i < 3; i++)
            s.Domains[i].CpuCount = CpuMaskBits.Count(s.MaskOf(i));
    }

    // Two snapshots that agreed at their last fill as far as either side knows: domain 0 has CPUs
    // 0-1 in both; domain 1 has CPU 130 in a and CPU 131 in b, as if they differed unseen.
    private static (StateSnapshot A, StateSnapshot B) TwoThatDifferUnseen()
    {
        var a = new StateSnapshot(ResourceProfile.Default);
        var b = new StateSnapshot(ResourceProfile.Default);
        Fill(a, false, false);
        Fill(b, false, false, second: 1UL << 3);
        return (a, b);
    }

    [Test]
    public void AMovedMaskIsComparedUnlessBothSidesSayItWasAtTheSamePlace()
    {
        var (a, b) = TwoThatDifferUnseen();
        Moved(a, wasOfFirst: 0, homeOfFirst: 0, wasOfSecond: 1, homeOfSecond: 1);
        Moved(b, wasOfFirst: 0, homeOfFirst: 0, wasOfSecond: 1, homeOfSecond: 1);
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.True, "both moved from the same places: not looked at again");

        // b says its domains swapped places since: its masks are not where a's were, and are compared.
        Moved(b, wasOfFirst: 1, homeOfFirst: 1, wasOfSecond: 0, homeOfSecond: 0);
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.False);
    }

    [Test]
    public void AKeptFillInsertsAndRemovesRowsAndTheResourcesAfterMove()
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        // L3: domains 0 (CPUs 0-1) and 1 (CPU 130); L2: domain 5 (CPU 3), at homes 0, 1 and 2.
        s.Begin(256);
        s.AddResource().AllocCapable = true;
        s.AddDomainAt(0, 0, DomainType.Control, 0, 0, monitor: false, wasSlot: -1)[0] = 0x3;
        s.AddDomainAt(1, 1, DomainType.Control, 0, 1, monitor: false, wasSlot: -1)[2] = 0x4;
        s.AddResource().AllocCapable = true;
        s.AddDomainAt(2, 5, DomainType.Control, 1, 5, monitor: false, wasSlot: -1)[0] = 0x8;
        s.CountDomainCpus();

        s.BeginKeepingDomains(256);
        s.AddResource().AllocCapable = true;
        s.AddResource().AllocCapable = true;
        s.InsertDomain(0, monitor: false, index: 1, home: 3, id: 7, DomainType.Control, rid: 0, compId: 7)[1] = 0x1;
        s.RemoveDomain(0, monitor: false, index: 0);
        s.Domains[0].CpuCount = 1;
        Assert.That(s.DomainsKept && s.DomainsEdited, Is.True);
        Assert.That(s.Domains.AsSpan().ToArray().Select(d => (d.Id, d.WasSlot)), Is.EqualTo(new[] { (7, -1), (1, 1), (5, 2) }),
            "the new row is written; the others say where they were");
        Assert.That(s.Resources.AsSpan().ToArray().Take(2).Select(r => (r.FirstDomain, r.DomainCount)), Is.EqualTo(new[] { (0, 2), (2, 1) }));
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[7:64 1:130] L2[5:3]"), "each mask stayed at its home, the new one at its own");
        Assert.Throws<ArgumentOutOfRangeException>(() => s.RemoveDomain(1, monitor: false, index: 1), "L2 has one domain");

        // Edits come before a mask is rewritten: a rewritten slot would be named by a place that moved.
        s.RewriteMask(1);
        Assert.Throws<InvalidOperationException>(() => s.InsertDomain(1, monitor: false, index: 0, home: 4, 9, DomainType.Control, 1, 9));

        // The next kept fill: nothing moved, every row is where it was.
        s.BeginKeepingDomains(256);
        s.AddResource();
        s.AddResource();
        Assert.That(s.DomainsEdited, Is.False);
        Assert.That(s.Domains.AsSpan().ToArray().Select(d => d.WasSlot), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void AFillKeepsTheLastFillsConfigurationsOnlyWhenItsSideSaysSo()
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        s.Begin(8);
        s.Configs.Add(new ConfigObservation { Rid = 0, DomainId = 1, Partid = 2, Cpbm = 0xf, Features = 1 });
        s.Begin(8);
        Assert.That(s.Configs.Count, Is.Zero, "a fill starts with no configurations");
        s.KeepConfigs();
        Assert.That(s.Configs.AsSpan().ToArray().Select(c => (c.DomainId, c.Partid, c.Cpbm)), Is.EqualTo(new[] { (1, 2u, 0xfu) }));
        s.BeginKeepingDomains(8);
        s.KeepConfigs();
        Assert.That(s.Configs.Count, Is.EqualTo(1), "kept again: the fill before kept them");
        s.Begin(8);
        s.Configs.Add(new ConfigObservation { Rid = 0, DomainId = 3, Partid = 0, Features = 1 });
        Assert.Throws<InvalidOperationException>(s.KeepConfigs, "once this fill has its own, the last fill's cannot come back");
    }

    // Links and unlinks followed give the snapshot a walk would: a model that follows them and one
    // that fills whole at every step run each generated scenario, and their snapshots are compared
    // after every step.
    [TestCase("seed", "")]
    [TestCase("mainline", "mainline-fb481ec0")]
    public void AModelFollowingLinksAndUnlinksFillsWhatAWalkFills(string familyName, string revision)
    {
        var tree = revision.Length == 0 ? null : Path.Combine(TestSupport.RepoPaths.Shared, "revisions", revision);
        var features = tree is null ? [] : DeviceFeatures.Of(tree);
        var profile = tree is null ? ResourceProfile.Default : RevisionFacts.Of(tree).Profile(ResourceProfile.Default);
        var family = ModelFamilies.ByName(familyName)!;
        var grammar = Conformance.Explore.ScenarioGrammar.For(familyName, picksClasses: tree is not null, features);
        var pcg = new CsCheck.PCG(7, 20261125);
        int followed = 0, spliceable = 0;
        for (int n = 0; n < 600; n++)
        {
            var csv = Conformance.Explore.GeneratedScenario.Csv([($"g{n}", grammar.Generate(pcg, null!, out CsCheck.Size _))]);
            var scenario = TestSupport.OneScenario.Parse(csv, profile, "g.csv");
            var following = family.Create(profile, default);
            var walking = family.Create(profile, default);
            var a = new StateSnapshot(profile);
            var b = new StateSnapshot(profile);
            following.Reset();
            walking.Reset();
            for (int i = 0; i < scenario.Steps.Count; i++)
            {
                StepDispatch.Apply(following, scenario.Steps[i]);
                StepDispatch.Apply(walking, scenario.Steps[i]);
                following.Fill(a);
                b.Forget();
                walking.Fill(b);
                followed += a.DomainsEdited ? 1 : 0;
                Assert.That(DomainText.Format(a), Is.EqualTo(DomainText.Format(b)), $"g{n} step {i}: {scenario.Steps[i]}");
                // The kept domain column, asked at four steps of five: spliced where the step before asked it and only masks moved, made whole elsewhere.
                if (i % 5 != 4)
                {
                    spliceable += i % 5 != 0 && a.DomainsKept && !a.DomainsEdited && a.WrittenSlots.Length > 0 ? 1 : 0;
                    Assert.That(System.Text.Encoding.UTF8.GetString(a.DomainColumnText()), Is.EqualTo(DomainText.Format(b)), $"g{n} step {i}: {scenario.Steps[i]}");
                }
                Assert.That(a.SameAs(b), Is.True, $"g{n} step {i}: {scenario.Steps[i]}");
            }
        }
        Assert.That(followed, Is.GreaterThanOrEqualTo(10), "fills followed links and unlinks");
        Assert.That(spliceable, Is.GreaterThanOrEqualTo(20), "domain columns a step that moved masks only could splice");
    }

    [Test]
    public void AfterTheSameEditsOnBothSidesTheInsertedRowsAreComparedAndTheKeptOnesAreNot()
    {
        var (a, b) = TwoThatDifferUnseen();
        void Insert(StateSnapshot s, ulong word)
        {
            s.BeginKeepingDomains(256);
            s.AddResource();
            s.InsertDomain(0, monitor: false, index: 1, home: 2, id: 5, DomainType.Control, rid: 0, compId: 5)[1] = word;
            s.Domains[1].CpuCount = CpuMaskBits.Count(s.MaskOf(1));
        }
        Insert(a, 0x1);
        Insert(b, 0x1);
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.True, "the same edit, the same new row: the kept rows are not looked at again");
        Assert.That(a.SameAs(b, agreedAtLastFill: false), Is.False, "looked at whole, domain 1 differs");

        Fill(a, false, false);
        Fill(b, false, false);
        Insert(a, 0x1);
        Insert(b, 0x2);
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.False, "the inserted rows differ");

        // Different edits: the rows do not pair up, and everything is compared.
        (a, b) = TwoThatDifferUnseen();
        Insert(a, 0x1);
        b.BeginKeepingDomains(256);
        b.AddResource();
        b.RemoveDomain(0, monitor: false, index: 1);
        b.InsertDomain(0, monitor: false, index: 1, home: 2, id: 5, DomainType.Control, rid: 0, compId: 5)[1] = 0x1;
        b.InsertDomain(0, monitor: false, index: 2, home: 1, id: 1, DomainType.Control, rid: 0, compId: 1)[2] = 1UL << 3;
        b.Domains[1].CpuCount = 1;
        b.Domains[2].CpuCount = 1;
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.False, "domain 1's mask differs, and the edits say to look");
    }

    [Test]
    public void TheOnlineCpulistIsMadeAgainWheneverTheOnlineMaskChanged()
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        string Online(ulong word0, ulong word2)
        {
            s.OnlineMask[0] = word0;
            s.OnlineMask[2] = word2;
            DomainText.Format(s);                                   // the domains' texts first, as a recorded step makes them
            return System.Text.Encoding.UTF8.GetString(s.OnlineCpuListText());
        }
        Fill(s, keepFirst: false, keepSecond: false);
        Assert.That(Online(0x3, 0), Is.EqualTo("0-1"), "domain 0's CPUs");
        Fill(s, keepFirst: true, keepSecond: true);
        Assert.That(Online(0, 1UL << 2), Is.EqualTo("130"), "domain 1's CPUs, its text made at the fill before");
        Fill(s, keepFirst: true, keepSecond: false, second: 1UL << 2);
        Assert.That(Online(0x3, 1UL << 2), Is.EqualTo("0-1,130"), "no domain's CPUs");
        Fill(s, keepFirst: true, keepSecond: true);
        Assert.That(Online(0x3, 1UL << 2), Is.EqualTo("0-1,130"), "the same online CPUs");
        Fill(s, keepFirst: true, keepSecond: false, second: 1UL << 3);
        Assert.That(Online(0, 1UL << 3), Is.EqualTo("131"), "domain 1's CPUs as this fill wrote them");
        Fill(s, keepFirst: true, keepSecond: true);
        Assert.That(Online(0, 0), Is.EqualTo(""));
    }

    /// <summary>
    /// The domain column a recorded step writes is kept from fill to fill: a kept fill that
    /// rewrote a mask puts that cpulist in place of the old one (the cpulists after it move), and
    /// one that changed a domain's header, or a fill that did not keep the domains, makes it whole.
    /// </summary>
    [Test]
    public void TheDomainColumnIsSplicedWhereAKeptFillRewroteAMaskAndMadeWholeWhereAHeaderChanged()
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        string Column() => System.Text.Encoding.UTF8.GetString(s.DomainColumnText());
        void Kept(int slot, ulong word0, int? id = null)
        {
            s.BeginKeepingDomains(256);
            s.AddResource();
            if (id is { } changed)
                s.Domains[1].Id = changed;
            if (word0 != 0)
                s.RewriteMask(slot)[0] = word0;
        }
        Fill(s, keepFirst: false, keepSecond: false);
        // Resource 0 (L3), not alloc_capable, with domain 0 over CPUs 0-1 and domain 1 over CPU 130.
        Assert.That(Column(), Is.EqualTo("L3~[0:0-1 1:130]"));
        Kept(slot: 0, word0: 0x7);
        Assert.That(Column(), Is.EqualTo("L3~[0:0-2 1:130]"), "domain 0's cpulist grew: domain 1's moves");
        Kept(slot: 0, word0: 0x5);
        Assert.That(Column(), Is.EqualTo("L3~[0:0,2 1:130]"));
        Kept(slot: 1, word0: 0x8);
        Assert.That(Column(), Is.EqualTo("L3~[0:0,2 1:3,130]"), "domain 1's own cpulist, where it moved to");
        Kept(slot: 0, word0: 0, id: 5);
        Assert.That(Column(), Is.EqualTo("L3~[0:0,2 5:3,130]"), "a header changed: made whole");
        Fill(s, keepFirst: true, keepSecond: false);
        Assert.That(Column(), Is.EqualTo("L3~[0:0,2 1:130]"), "a fill that kept nothing");
    }

    // Three L3 domains on 256 CPUs, each mask written at the home of its place: CPUs 0, 1 and 2.
    private static void FillThree(StateSnapshot s)
    {
        s.Begin(256);
        s.AddResource();
        for (int id = 0; id < 3; id++)
            s.AddDomainAt(id, id, DomainType.Control, 0, id, monitor: false, wasSlot: -1)[0] = 1UL << id;
        s.CountDomainCpus();
    }

    // Two sides' snapshots, each filled with the same three domains.
    private static (StateSnapshot A, StateSnapshot B) AgreedThree()
    {
        var a = new StateSnapshot(ResourceProfile.Default);
        var b = new StateSnapshot(ResourceProfile.Default);
        FillThree(a);
        FillThree(b);
        Assert.That(a.SameAs(b), Is.True);
        return (a, b);
    }

    // Each side unlinks a different domain and links none: as many rows on both, none inserted or
    // rewritten, and the rows after the first unlink do not pair up. Different edits: compared whole.
    [Test]
    public void DifferentUnlinksLeaveRowsThatDoNotPairUpAndEveryRowIsCompared()
    {
        var (a, b) = AgreedThree();
        a.BeginKeepingDomains(256);
        a.AddResource();
        a.RemoveDomain(0, monitor: false, index: 1);
        b.BeginKeepingDomains(256);
        b.AddResource();
        b.RemoveDomain(0, monitor: false, index: 2);
        Assert.That((a.Domains.Count, b.Domains.Count), Is.EqualTo((2, 2)));
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.False, "a keeps domains 0 and 2, b domains 0 and 1");
    }

    // A kept fill that unlinks a domain and links another with the same header at the same place
    // (freed and allocated again over other CPUs) changes the column where that domain's cpulist is,
    // though every header is as it was.
    [Test]
    public void ADomainUnlinkedAndLinkedAgainInOneFillShowsItsNewCpusInTheColumn()
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        FillThree(s);
        string Column() => System.Text.Encoding.UTF8.GetString(s.DomainColumnText());
        Assert.That(Column(), Is.EqualTo("L3~[0:0 1:1 2:2]"));
        s.BeginKeepingDomains(256);
        s.AddResource();
        s.RemoveDomain(0, monitor: false, index: 1);
        s.InsertDomain(0, monitor: false, index: 1, home: 3, id: 1, DomainType.Control, rid: 0, compId: 1)[0] = 1UL << 5;
        s.Domains[1].CpuCount = 1;
        Assert.That(Column(), Is.EqualTo("L3~[0:0 1:5 2:2]"));
    }
}
