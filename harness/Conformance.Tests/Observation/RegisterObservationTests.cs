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
            s.AddCpuRegisters(cpu, defaults[cpu], current?[cpu] ?? 0);
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
    public void ACpuRegisterThatDiffersIsItsOwnDifference()
    {
        var a = Filled([0, 0], [0, 0]);
        var b = Filled([0, 0], [0, D5I4P3P2]);
        Assert.That(a.SameAs(b), Is.False);
        Assert.That(a.Diff(b).Select(d => (d.Observable, d.Right)),
            Is.EqualTo(new[] { ("CPU MPAM0_EL1", "CPU 0: partid d=0 i=0 pmg d=0 i=0; CPU 1: partid d=5 i=4 pmg d=3 i=2") }));
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
    public void AFillKeepsTheLastFillsRunsOnlyWhenAsked()
    {
        var s = Filled([0, D5I4P3P2]);
        s.Begin(2);
        Assert.That(s.CpuRegisters.Count, Is.Zero, "a fill starts with no runs");
        s.KeepCpuRegisters();
        Assert.That(s.CpuRegisters.AsSpan().ToArray().Select(r => r.Default), Is.EqualTo(new[] { 0UL, D5I4P3P2 }));
        s.Begin(2);
        s.AddCpuRegisters(0, 0, 0);
        Assert.Throws<InvalidOperationException>(() => s.KeepCpuRegisters(), "runs added, then kept: the fill would hold both");
    }
}
