using Conformance.Lockstep;
using Conformance.Observation;

namespace Conformance.Tests.Lockstep;

/// <summary>Each invariant of DESIGN.md fires on a snapshot that breaks it, and only then.</summary>
public sealed class InvariantsTests
{
    private static readonly ResourceProfile Profile = ResourceProfile.Default;

    // L3 mapped to class 0 (covering CPUs 0-7), MPAM enabled, CPUs 0-3 online.
    private static StateSnapshot Snapshot(params (int Id, string Cpus)[] l3)
    {
        var s = new StateSnapshot(Profile);
        s.Begin(8);
        AddL3(s);
        foreach (var (id, cpus) in l3)
            CpuList.ParseMask(cpus, 8).CopyTo(s.AddDomain(id, DomainType.Control, 0, id));
        AddTheRest(s, allocations: l3.Length);
        s.CountDomainCpus();
        return s;
    }

    // MPAM enabled, and L3 mapped to class 0 and alloc-capable: its domains go next.
    private static void AddL3(StateSnapshot s)
    {
        s.Lifecycle.MpamEnabled = true;
        s.Lifecycle.CallbacksRegistered = true;
        ref var l3 = ref s.AddResource();
        l3.ClassMapped = true;
        l3.AllocCapable = true;
        l3.ClassId = 0;
    }

    // The other resources, nothing mapped; CPUs 0-3 online (or those of online, of cpus).
    private static void AddTheRest(StateSnapshot s, int allocations, string online = "0-3", int cpus = 8)
    {
        for (int r = 1; r < Profile.Count; r++)
            s.AddResource();
        CpuList.ParseMask(online, cpus).CopyTo(s.OnlineMask);
        s.Counters.AllocsLive = (uint)allocations;
    }

    private static List<RawFinding> Check(StateSnapshot s) => Check(s, new Invariants(Profile));

    // Class 0 covers CPUs 0-7.
    private static List<RawFinding> Check(StateSnapshot s, Invariants invariants) => CheckAgainst(s, invariants, Coverage("0-7"));

    [Test]
    public void ADomainFreedWhileListedIsAUseAfterFree()
    {
        var s = Snapshot((0, "0-1"), (1, "2-3"));
        s.Lifecycle.FreedListed = 1;
        Assert.That(Check(s).Where(f => f.Kind == "use-after-free").Select(f => (f.Text, f.Count)),
            Is.EqualTo(new[] { ("A domain is freed while still on a list: every walk of that list reads freed memory.", 1) }));
    }

    [Test]
    public void OneAllocationHoldsAControlAndAMonitorDomain()
    {
        // Two L3 allocations, each with both headers listed: four listed headers, two allocations, no leak.
        var s = new StateSnapshot(Profile);
        s.Begin(8);
        s.Lifecycle.MpamEnabled = true;
        s.Lifecycle.CallbacksRegistered = true;
        ref var l3 = ref s.AddResource();
        l3.ClassMapped = l3.AllocCapable = l3.MonCapable = true;
        l3.ClassId = 0;
        foreach (var (id, cpus) in new[] { (0, "0-1"), (1, "2-3") })
            CpuList.ParseMask(cpus, 8).CopyTo(s.AddDomain(id, DomainType.Control, 0, id));
        foreach (var (id, cpus) in new[] { (0, "0-1"), (1, "2-3") })
            CpuList.ParseMask(cpus, 8).CopyTo(s.AddMonDomain(id, DomainType.Monitor, 0));
        for (int r = 1; r < Profile.Count; r++)
            s.AddResource();
        s.CountDomainCpus();
        CpuList.ParseMask("0-3", 8).CopyTo(s.OnlineMask);
        s.Counters.AllocsLive = 2;
        Assert.That(DomainText.Format(s), Is.EqualTo("L3[0:0-1 1:2-3]{0:0-1 1:2-3}"));
        Assert.That(Check(s).Select(f => f.Kind), Has.None.EqualTo("invariant"));
        Assert.That(LeakFacts.Excess(s), Is.Zero);
        s.Counters.AllocsLive = 3;
        Assert.That(LeakFacts.Excess(s), Is.EqualTo(1), "one allocation beyond the two the lists hold");
    }

    [Test]
    public void AHealthyStateHasNoFindings() =>
        Assert.That(Check(Snapshot((0, "0-1"), (1, "2-3"))), Is.Empty);

    [Test]
    public void UnsortedOrDuplicateIds() =>
        Assert.That(Check(Snapshot((1, "0-1"), (1, "2-3"))).Select(f => (f.Key, f.Text, f.Detail)),
            Has.One.EqualTo(("unsorted:L3", "The L3 domain list is not sorted by ascending, unique id.", "domain 1 before domain 1")));

    [Test]
    public void AnEmptyDomainOnTheList()
    {
        var s = Snapshot((0, "0-3"), (1, ""));
        Assert.That(Check(s).Select(f => (f.Key, f.Text, f.Detail)),
            Has.One.EqualTo(("empty:L3", "A L3 domain stays listed with no CPU in its mask.", "domain 1")));
    }

    [Test]
    public void AnOnlineCpuInNoDomain() =>
        Assert.That(Check(Snapshot((0, "0-2"))).Select(f => (f.Key, f.Text, f.Detail, f.Count)),
            Has.One.EqualTo(("missing:L3", "CPUs online and covered by class 0 are in no L3 domain.", "CPU 3", 1)));

    [Test]
    public void AnOfflineCpuStillInADomainAndACpuInTwo()
    {
        // The fact is the check and the resource; the CPUs are its detail and their number its count.
        var found = Check(Snapshot((0, "0-3"), (1, "3-5"))).Select(f => (f.Key, f.Text, f.Detail, f.Count)).ToList();
        Assert.That(found, Has.One.EqualTo(("offline:L3", "CPUs the hotplug core holds offline stay in L3 domains.", "CPUs 4-5", 2)));
        Assert.That(found, Has.One.EqualTo(("twice:L3", "A CPU is in more than one L3 domain.", "CPU 3", 1)));
    }

    [Test]
    public void BeforeSetupOnlineCpusNeedNoDomain()
    {
        var s = Snapshot();
        s.Lifecycle.MpamEnabled = false;
        Assert.That(Check(s), Is.Empty);
    }

    [Test]
    public void LiveAllocationsMustMatchListedDomains()
    {
        var s = Snapshot((0, "0-3"));
        s.Counters.AllocsLive = 3;
        Assert.That(Check(s), Is.Empty, "which allocations leaked needs the sides: LeakFacts");
        Assert.That(LeakFacts.Excess(s), Is.EqualTo(2));
        s.Counters.AllocsLive = 0;
        var freed = Check(s).Single();
        Assert.That(freed.Text, Is.EqualTo("Listed domains are not live allocations: freed while still on a list."));
        Assert.That(freed.Count, Is.EqualTo(1));
    }

    // A fill that kept the domains rewrites domain 0's mask to CPUs (CPU list).
    private static void Rewrite(StateSnapshot s, string cpus)
    {
        s.BeginKeepingDomains(8);
        AddL3(s);
        AddTheRest(s, allocations: 2);
        CpuList.ParseMask(cpus, 8).CopyTo(s.RewriteMask(0));
        s.Domains[0].CpuCount = CpuMaskBits.Count(s.MaskOf(0));
    }

    private static string[] Twice(List<RawFinding> found) =>
        found.Where(f => f.Key == "twice:L3").Select(f => f.Detail ?? "").ToArray();

    [Test]
    public void AfterAKeptFillTheCpusOfTheRewrittenMasksAloneMoveInOrOutOfTwoDomains()
    {
        var invariants = new Invariants(Profile);
        var s = Snapshot((0, "0-1"), (1, "1-2"));
        Assert.That(Twice(Check(s, invariants)), Is.EqualTo(new[] { "CPU 1" }));
        // CPU 1 leaves domain 0 while it is in two: whether it is still in two is counted again.
        Rewrite(s, "0");
        Assert.That(Twice(Check(s, invariants)), Is.Empty);
        // CPU 2 joins domain 0 and is in domain 1 already; CPU 3 joins and is in no other.
        Rewrite(s, "0,2-3");
        var found = Check(s, invariants);
        Assert.That(Twice(found), Is.EqualTo(new[] { "CPU 2" }));
        Assert.That(found.Where(f => f.Key == "missing:L3").Select(f => f.Detail), Is.Empty, "CPUs 0-3 are all placed");
        // CPU 0 leaves: it is online and in no domain.
        Rewrite(s, "2-3");
        found = Check(s, invariants);
        Assert.That(found.Where(f => f.Key == "missing:L3").Select(f => f.Detail), Is.EqualTo(new[] { "CPU 0" }));
        Assert.That(Twice(found), Is.EqualTo(new[] { "CPU 2" }));
        // The same snapshot checked whole (a fresh checker) finds the same.
        Assert.That(Check(s).Select(f => (f.Key, f.Detail)), Is.EqualTo(found.Select(f => (f.Key, f.Detail))));
    }

    [Test]
    public void AfterAKeptFillAListedDomainLeftEmptyIsFound()
    {
        var invariants = new Invariants(Profile);
        var s = Snapshot((0, "0-1"), (1, "2-3"));
        Assert.That(Check(s, invariants).Select(f => f.Key), Has.None.StartsWith("empty"));
        Rewrite(s, "");
        Assert.That(Check(s, invariants).Where(f => f.Key == "empty:L3").Select(f => f.Detail), Is.EqualTo(new[] { "domain 0" }));
        Rewrite(s, "0");
        Assert.That(Check(s, invariants).Select(f => f.Key), Has.None.StartsWith("empty"));
    }

    // A fill that kept the domains inserts an L3 domain at a place and removes one from a place.
    private static void Edit(StateSnapshot s, (int Index, int Id, string Cpus)? insert, int? remove, int allocations)
    {
        s.BeginKeepingDomains(8);
        AddL3(s);
        AddTheRest(s, allocations);
        if (remove is { } r)
            s.RemoveDomain(0, monitor: false, r);
        if (insert is var (index, id, cpus))
        {
            CpuList.ParseMask(cpus, 8).CopyTo(s.InsertDomain(0, monitor: false, index, home: 2 + id, id, DomainType.Control, 0, id));
            s.Domains[s.ListSlot(0, false, index)].CpuCount = CpuMaskBits.Count(s.MaskOf(s.ListSlot(0, false, index)));
        }
    }

    [Test]
    public void AfterAFillThatInsertsAndRemovesDomainsTheirCpusAloneMoveInOrOutOfTheUnions()
    {
        var invariants = new Invariants(Profile);
        var s = Snapshot((0, "0-1"), (2, "2-3"));
        Assert.That(Check(s, invariants), Is.Empty);
        // Domain 1 with CPUs 1-2 goes in between: both its CPUs are now in two domains.
        Edit(s, (1, 1, "1-2"), remove: null, allocations: 3);
        var found = Check(s, invariants);
        Assert.That(Twice(found), Is.EqualTo(new[] { "CPUs 1-2" }));
        Assert.That(found.Select(f => (f.Key, f.Detail)), Is.EqualTo(Check(s).Select(f => (f.Key, f.Detail))), "as a whole check finds");
        // Domain 0 leaves: CPU 0 is in none (missing), CPU 1 is in one again, CPU 2 still in two.
        Edit(s, insert: null, remove: 0, allocations: 2);
        found = Check(s, invariants);
        Assert.That(Twice(found), Is.EqualTo(new[] { "CPU 2" }));
        Assert.That(found.Where(f => f.Key == "missing:L3").Select(f => f.Detail), Is.EqualTo(new[] { "CPU 0" }));
        Assert.That(found.Select(f => (f.Key, f.Detail)), Is.EqualTo(Check(s).Select(f => (f.Key, f.Detail))), "as a whole check finds");
        // Domain 1 leaves and domain 0 comes back at its place, sorted first: all placed once.
        Edit(s, (0, 0, "0-1"), remove: 0, allocations: 2);
        Assert.That(s.Domains.AsSpan().ToArray().Select(d => d.Id), Is.EqualTo(new[] { 0, 2 }));
        Assert.That(Check(s, invariants), Is.Empty);
        // Inserted out of order: the list check sees it after an edit too.
        Edit(s, (2, 1, "3"), remove: null, allocations: 3);
        Assert.That(Check(s, invariants).Where(f => f.Key == "unsorted:L3").Select(f => f.Detail), Is.EqualTo(new[] { "domain 2 before domain 1" }));
        // Back in order, then an empty domain inserted in order: found as a whole check finds it.
        Edit(s, insert: null, remove: 2, allocations: 2);
        Assert.That(Check(s, invariants), Is.Empty);
        Edit(s, (2, 3, ""), remove: null, allocations: 3);
        Assert.That(Check(s, invariants).Where(f => f.Key == "empty:L3").Select(f => f.Detail), Is.EqualTo(new[] { "domain 3" }));
    }

    /// <summary>
    /// After a check that found nothing, a kept fill is checked only where bits moved: a CPU that
    /// goes offline in its domain, or comes online in none, is found all the same; so is what
    /// moved no bit at all: more coverage, a resource made alloc_capable, the callbacks
    /// registered. Each step finds what a whole check by a fresh checker finds.
    /// </summary>
    [Test]
    public void AKeptFillIsCheckedWhereItsBitsMovedAndWholeWhenWhatItIsCheckedAgainstChanged()
    {
        var invariants = new Invariants(Profile);
        var coverage = Coverage("0-3");
        var s = Snapshot((0, "0-1"), (1, "2-3"));
        List<RawFinding> Found() => CheckAgainst(s, invariants, coverage);
        Assert.That(Found(), Is.Empty);

        KeptFill(s, online: "0-2");
        Assert.That(Keys(Found()), Is.EqualTo(new[] { ("offline:L3", "CPU 3") }), "CPU 3 offline, still in domain 1");
        KeptFill(s, online: "0-3");
        Assert.That(Found(), Is.Empty);
        KeptFill(s, online: "0-4");
        Assert.That(Found(), Is.Empty, "CPU 4 is online but no component of class 0 covers it");

        coverage.Observe(Component("4-7"));
        KeptFill(s, online: "0-4");
        Assert.That(Keys(Found()), Is.EqualTo(new[] { ("missing:L3", "CPU 4") }), "covered now, with no bit moved");
        KeptFill(s, online: "0-3");
        Assert.That(Found(), Is.Empty);

        KeptFill(s, online: "0-4", allocCapable: false);
        Assert.That(Found(), Is.Empty, "L3 not alloc_capable: its CPUs need no domain");
        KeptFill(s, online: "0-4");
        Assert.That(Keys(Found()), Is.EqualTo(new[] { ("missing:L3", "CPU 4") }), "alloc_capable again, with no bit moved");
        KeptFill(s, online: "0-3");
        Assert.That(Found(), Is.Empty);

        KeptFill(s, online: "0-4", registered: false);
        Assert.That(Found(), Is.Empty, "before the callbacks are registered online CPUs need no domain");
        KeptFill(s, online: "0-4");
        var found = Found();
        Assert.That(Keys(found), Is.EqualTo(new[] { ("missing:L3", "CPU 4") }), "registered, with no bit moved");
        Assert.That(Keys(found), Is.EqualTo(Keys(CheckAgainst(s, new Invariants(Profile), coverage))), "as a whole check by a fresh checker finds");
    }

    // A step that moves CPUs in two words of the online mask is checked in both: over 128 CPUs,
    // CPU 1 (covered by no component, in no domain) comes online and CPU 65 goes offline while
    // domain 1 keeps it. Only the second word breaks an invariant.
    [Test]
    public void AKeptFillThatMovesOnlineCpusInTwoWordsIsCheckedInEach()
    {
        var invariants = new Invariants(Profile);
        var coverage = new ClassCoverage();
        foreach (var step in Parse("c,topology,cpus=128,,,,,\nc,class,id=0 type=cache,,,,,\nc,component,\"class=0 id=0 cpus=0,2-127\",,,,,\n"))
            coverage.Observe(step);
        var s = new StateSnapshot(Profile);
        void Fill(string online, bool kept)
        {
            if (kept)
                s.BeginKeepingDomains(128);
            else
                s.Begin(128);
            AddL3(s);
            if (!kept)
            {
                CpuList.ParseMask("0,2-63", 128).CopyTo(s.AddDomain(0, DomainType.Control, 0, 0));
                CpuList.ParseMask("64-127", 128).CopyTo(s.AddDomain(1, DomainType.Control, 0, 1));
            }
            AddTheRest(s, allocations: 2, online, cpus: 128);
            s.CountDomainCpus();
        }
        Fill("0,2-127", kept: false);
        Assert.That(CheckAgainst(s, invariants, coverage), Is.Empty);

        Fill("0-64,66-127", kept: true);
        Assert.That(Keys(CheckAgainst(s, invariants, coverage)), Is.EqualTo(new[] { ("offline:L3", "CPU 65") }));
    }

    private static (string, string?)[] Keys(List<RawFinding> found) => found.Select(f => (f.Key, f.Detail)).ToArray();

    private static List<RawFinding> CheckAgainst(StateSnapshot s, Invariants invariants, ClassCoverage coverage)
    {
        var found = new List<RawFinding>();
        invariants.Check(s, coverage, found);
        return found;
    }

    // Class 0 over 8 CPUs, with components over each of cpus.
    private static ClassCoverage Coverage(params string[] cpus)
    {
        var coverage = new ClassCoverage();
        foreach (var step in Parse("c,topology,cpus=8,,,,,\nc,class,id=0 type=cache,,,,,\n"))
            coverage.Observe(step);
        foreach (var c in cpus)
            coverage.Observe(Component(c));
        return coverage;
    }

    private static Conformance.Vectors.Step Component(string cpus) =>
        Parse($"c,topology,cpus=8,,,,,\nc,class,id=0 type=cache,,,,,\nc,component,class=0 id=9 cpus={cpus},,,,,\n").Last();

    private static IReadOnlyList<Conformance.Vectors.Step> Parse(string rows) =>
        TestSupport.OneScenario.OfRows(rows, Profile, "c.csv").Steps;

    // A fill that kept the domains, every mask as it was, with these CPUs online.
    private static void KeptFill(StateSnapshot s, string online, bool allocCapable = true, bool registered = true)
    {
        s.BeginKeepingDomains(8);
        AddL3(s);
        s.Resources[0].AllocCapable = allocCapable;
        s.Lifecycle.CallbacksRegistered = registered;
        AddTheRest(s, allocations: 2);
        CpuList.ParseMask(online, 8).CopyTo(s.OnlineMask);
    }
}
