using Conformance.Model;
using Conformance.Observation;

namespace Conformance.Tests.Model;

// The model's list primitives against CONFIG_DEBUG_LIST as the stand-ins check it
// (reference-c/kernel/stand_in_defs.h, stand_in_list_del_valid() in stand_in_controlled.c).
public sealed class DebugListTests
{
    private sealed class Node(int id)
    {
        public int Id { get; } = id;
        public DomainHeader Hdr { get; } = new(1);
    }

    private static (KernelContext K, List<Node> List, Node A, Node B) TwoLinked()
    {
        var k = new KernelContext();
        var (a, b) = (new Node(0), new Node(1));
        var list = new List<Node>();
        k.ListAddTailRcu(list, 0, a, a.Hdr, "insert");
        k.ListAddTailRcu(list, 1, b, b.Hdr, "insert");
        return (k, list, a, b);
    }

    [Test]
    public void ASecondListDelRcuIsRefusedAndReportedInItsCallersName()
    {
        var (k, list, a, b) = TwoLinked();
        k.ListDelRcu(list, a, a.Hdr, "offline");
        Assert.That(k.Rules.TotalReports, Is.Zero);
        Assert.That(a.Hdr.ListPoisoned, Is.True);
        ulong writes = k.ListWrites;
        k.ListDelRcu(list, a, a.Hdr, "offline");
        Assert.That(k.ListWrites, Is.EqualTo(writes + 1), "the primitive ran");
        Assert.That(list, Is.EqualTo(new[] { b }));
        Assert.That(k.Rules.TotalReports, Is.EqualTo(1u));
        Assert.That(k.Rules.PrintedReports, Is.EqualTo(1u));
        var report = k.Rules.StepReports[0];
        Assert.That((report.Kind, report.Function, report.Detail), Is.EqualTo((RuleKind.ListCorruption, "offline",
            "list_del corruption: ->prev is LIST_POISON2 (it was unlinked before)")));
    }

    [Test]
    public void ANodeAddedNextToItselfIsRefusedEitherSide()
    {
        var (k, list, a, b) = TwoLinked();
        k.ListAddTailRcu(list, 2, b, b.Hdr, "insert");             // before the head: b is its prev
        k.ListAddTailRcu(list, 0, a, a.Hdr, "insert");             // before a itself: a is its next
        Assert.That(list, Is.EqualTo(new[] { a, b }));
        Assert.That(k.Rules.TotalReports, Is.EqualTo(2u));
        Assert.That(k.Rules.StepReports.AsSpan().ToArray().Select(r => r.Detail),
            Has.All.EqualTo("list_add double add: the node is already linked where it goes"));
    }

    [Test]
    public void ANodeLinkedAgainAfterItsUnlinkMayBeUnlinkedAgain()
    {
        var (k, list, a, b) = TwoLinked();
        k.ListDelRcu(list, a, a.Hdr, "offline");
        k.ListAddTailRcu(list, 0, a, a.Hdr, "insert");
        Assert.That(a.Hdr.ListPoisoned, Is.False);
        k.ListDelRcu(list, a, a.Hdr, "offline");
        Assert.That(list, Is.EqualTo(new[] { b }));
        Assert.That(k.Rules.TotalReports, Is.Zero);
    }

    [Test]
    public void ANodeOnNoListUnlinksAsNothingAndIsPoisonedAfter()
    {
        // mainline's header that a duplicate id kept off its list: INIT_LIST_HEAD() linked it to itself.
        var (k, list, a, b) = TwoLinked();
        var stray = new Node(2);
        k.ListDelRcu(list, stray, stray.Hdr, "offline");
        Assert.That(list, Is.EqualTo(new[] { a, b }));
        Assert.That(k.Rules.TotalReports, Is.Zero);
        Assert.That(stray.Hdr.ListPoisoned, Is.True);
    }
}
