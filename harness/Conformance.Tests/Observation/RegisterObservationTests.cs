using Conformance.Observation;

namespace Conformance.Tests.Observation;

/// <summary>
/// The MPAM0_EL1 values are compared like every other observable: the task's, the global
/// default, and each CPU's default and register, the CPUs' as runs of equal pairs, kept between
/// fills only when their side says nothing they are made of moved.
/// </summary>
public sealed class RegisterObservationTests
{
    // partid_d 5, partid_i 4, pmg_d 3, pmg_i 2: each field where MPAM0_EL1 has it.
    private const ulong D5I4P3P2 = 0x0000_0302_0005_0004UL;

    private static StateSnapshot Filled(ulong[] defaults, ulong[]? current = null)
    {
        var s = new StateSnapshot(ResourceProfile.Default);
        s.Begin(defaults.Length);
        for (int cpu = 0; cpu < defaults.Length; cpu++)
            s.AddCpuRegisters(cpu, cpu, defaults[cpu], current?[cpu] ?? 0);
        return s;
    }

    [Test]
    public void TheFieldsAreReadWhereTheArchitectureLaysThemOut()
    {
        Assert.That(RegisterText.Regval(5, 4, 3, 2), Is.EqualTo(D5I4P3P2));
        Assert.That(RegisterText.Format(D5I4P3P2), Is.EqualTo("partid d=5 i=4 pmg d=3 i=2"));
    }

    [Test]
    public void EqualNeighboursAreOneRunAndEachValueIsToldApart()
    {
        var s = Filled([0, 0, D5I4P3P2, 0, 0], [0, 0, 0, 0, D5I4P3P2]);
        Assert.That(s.CpuRegisters.AsSpan().ToArray().Select(r => (r.FirstCpu, r.LastCpu, r.Default, r.Current)),
            Is.EqualTo(new[] { (0, 1, 0UL, 0UL), (2, 2, D5I4P3P2, 0UL), (3, 3, 0UL, 0UL), (4, 4, 0UL, D5I4P3P2) }));
        Assert.That(RegisterText.Runs(s.CpuRegisters.AsSpan(), current: false),
            Is.EqualTo("CPUs 0-1: partid d=0 i=0 pmg d=0 i=0; CPU 2: partid d=5 i=4 pmg d=3 i=2; CPUs 3-4: partid d=0 i=0 pmg d=0 i=0"));
        Assert.That(RegisterText.Runs(s.CpuRegisters.AsSpan(), current: true),
            Is.EqualTo("CPUs 0-3: partid d=0 i=0 pmg d=0 i=0; CPU 4: partid d=5 i=4 pmg d=3 i=2"));
        Assert.That(s.CpuRegistersOf(4)?.Current, Is.EqualTo(D5I4P3P2));
        Assert.That(s.CpuRegistersOf(5), Is.Null, "past the possible CPUs");
    }

    [Test]
    public void ACpuDefaultThatDiffersIsADifferenceNamedByItsCpus()
    {
        var a = Filled([0, 0, 0, 0]);
        var b = Filled([0, 0, D5I4P3P2, 0]);
        Assert.That(a.SameAs(b), Is.False);
        var diff = a.Diff(b).Single();
        Assert.That(diff.Observable, Is.EqualTo("CPU default MPAM0_EL1"));
        Assert.That(diff.Right, Does.Contain("CPU 2: partid d=5 i=4 pmg d=3 i=2"));
        Assert.That(Filled([0, 0, D5I4P3P2, 0]).SameAs(b), Is.True);
    }

    [Test]
    public void ACpuRegisterThatDiffersIsItsOwnDifferenceNamingOnlyTheCpusThatDiffer()
    {
        var a = Filled([0, 0, 0], [0, 0, 0]);
        var b = Filled([0, 0, 0], [0, D5I4P3P2, 0]);
        Assert.That(a.SameAs(b), Is.False);
        Assert.That(a.Diff(b).Select(d => (d.Observable, d.Left, d.Right)),
            Is.EqualTo(new[] { ("CPU MPAM0_EL1", "CPU 1: partid d=0 i=0 pmg d=0 i=0", "CPU 1: partid d=5 i=4 pmg d=3 i=2") }));
    }

    [Test]
    public void ACpuOneSideDoesNotHaveReadsNone()
    {
        var (left, right) = RegisterText.Differences(Filled([0, 0]).CpuRegisters.AsSpan(), Filled([0, 0, 0, 0]).CpuRegisters.AsSpan(), current: false);
        Assert.That((left, right), Is.EqualTo(("CPUs 2-3: none", "CPUs 2-3: partid d=0 i=0 pmg d=0 i=0")));
    }

    [Test]
    public void PastEightGroupsTheCpusAreCountedNotNamed()
    {
        // Ten CPUs alternating between two values: ten groups, eight named, two CPUs counted.
        var alternating = Enumerable.Range(0, 10).Select(cpu => cpu % 2 == 0 ? 0UL : D5I4P3P2).ToArray();
        var runs = Filled(alternating).CpuRegisters.AsSpan();
        Assert.That(RegisterText.Runs(runs, current: false), Does.StartWith("CPU 0: partid d=0").And.Contain("CPU 7: partid d=5")
            .And.Not.Contain("CPU 8:").And.EndWith("; and 2 more CPUs"));
        // Every odd CPU differs from all zeros: of ten CPUs five groups of one, all named; of 24,
        // twelve, the first eight named and four counted.
        var (left, _) = RegisterText.Differences(runs, Filled(new ulong[10]).CpuRegisters.AsSpan(), current: false);
        Assert.That(left, Is.EqualTo(string.Join("; ", new[] { 1, 3, 5, 7, 9 }.Select(c => $"CPU {c}: partid d=5 i=4 pmg d=3 i=2"))));
        var many = Enumerable.Range(0, 24).Select(cpu => cpu % 2 == 0 ? 0UL : D5I4P3P2).ToArray();
        (left, _) = RegisterText.Differences(Filled(many).CpuRegisters.AsSpan(), Filled(new ulong[24]).CpuRegisters.AsSpan(), current: false);
        Assert.That(left, Does.EndWith("CPU 15: partid d=5 i=4 pmg d=3 i=2; and 4 more CPUs"));
    }

    [Test]
    public void EachTaskAndTheGlobalDefaultAreComparedApart()
    {
        var a = Filled([0, 0]);
        var b = Filled([0, 0]);
        b.Registers.Tasks[1] = D5I4P3P2;
        Assert.That(a.SameAs(b), Is.False);
        Assert.That(a.Diff(b).Select(d => d.Observable), Is.EqualTo(new[] { "task 1 MPAM0_EL1" }));
        a.Registers.Tasks[1] = D5I4P3P2;
        b.Registers.Tasks[0] = 1;
        Assert.That(a.Diff(b).Select(d => d.Observable), Is.EqualTo(new[] { "task 0 (current) MPAM0_EL1" }));
        a.Registers.Tasks[0] = 1;
        a.Registers.GlobalDefault = 1;
        Assert.That(a.Diff(b).Select(d => d.Observable), Is.EqualTo(new[] { "global default MPAM0_EL1" }));
    }

    [Test]
    public void TheStandInsKeepTheTasksTheObservationHasRoomFor() =>
        Assert.That(Conformance.Interop.Methods.MPAM_REF_TASKS, Is.EqualTo(RegisterObservation.TaskCount));

    [Test]
    public void RunsOneSideMadeAgainAreComparedEvenWhenBothAgreedAtTheLastFill()
    {
        var a = Filled([0, 0]);
        var b = Filled([0, 0]);
        Assert.That(a.SameAs(b), Is.True);
        a.Begin(2);
        a.KeepCpuRegisters();
        b.Begin(2);
        b.AddCpuRegisters(0, 1, D5I4P3P2, 0);
        Assert.That(a.SameAs(b, agreedAtLastFill: true), Is.False, "b made its runs again: they are compared");
        b.Begin(2);
        b.AddCpuRegisters(0, 1, 0, 0);
        a.Begin(2);
        a.KeepCpuRegisters();
        Assert.That(a.SameAs(b, agreedAtLastFill: false), Is.True);
    }

    [Test]
    public void AFillKeepsTheLastFillsRunsOnlyWhenAsked()
    {
        var s = Filled([0, D5I4P3P2]);
        s.Begin(2);
        Assert.That(s.CpuRegisters.Count, Is.Zero, "a fill starts with no runs");
        s.KeepCpuRegisters();
        Assert.That(s.CpuRegisters.AsSpan().ToArray().Select(r => r.Default), Is.EqualTo(new[] { 0UL, D5I4P3P2 }));
        s.Begin(2);
        s.AddCpuRegisters(0, 0, 0, 0);
        Assert.Throws<InvalidOperationException>(() => s.KeepCpuRegisters(), "runs added, then kept: the fill would hold both");
    }
}
