using Conformance.Observation;
using Conformance.Vectors;
using CsCheck;

namespace Conformance.Tests.Vectors;

/// <summary>A row of CPU ranges is made into steps on demand: in order or not, the nth step is the nth CPU as written.</summary>
public sealed class StepListTests
{
    private static readonly Gen<CpuList.Item[]> Items =
        Gen.Select(Gen.Int[0, 200], Gen.Int[0, 200]).Select(r => new CpuList.Item(r.Item1, r.Item2, 0, 0)).Array[1, 12];

    [Test]
    public void EveryStepOfARowIsItsCpuInWrittenOrderWhateverOrderItIsAskedIn() =>
        Gen.Select(Items, Items, Gen.Int.Array[0, 40]).Sample((first, second, lookups) =>
        {
            var steps = new StepList();
            steps.AddCpus(StepOp.Online, 2, "cpus=...", RowExpectations.None, first);
            steps.Add(StepOp.Setup, 3, "", RowExpectations.None, NoArgs.Instance);
            steps.AddCpus(StepOp.Offline, 4, "cpus=...", RowExpectations.None, second);
            var expected = CpuList.Sequence(first).Select(c => (StepOp.Online, c))
                .Append((StepOp.Setup, -1))
                .Concat(CpuList.Sequence(second).Select(c => (StepOp.Offline, c))).ToList();
            (StepOp, int) At(int i) => (steps[i].Op, steps[i].Args is CpuArgs cpu ? cpu.Cpu : -1);

            Assert.That(steps, Has.Count.EqualTo(expected.Count));
            Assert.That(Enumerable.Range(0, steps.Count).Select(At), Is.EqualTo(expected), "in order");
            foreach (var raw in lookups)
            {
                int i = (int)((uint)raw % (uint)expected.Count);
                Assert.That(At(i), Is.EqualTo(expected[i]), $"step {i} asked out of order");
            }
        });

    [Test]
    public void AnOutlineHasTheSameStepsWithoutWhatTheyExpected()
    {
        var expect = new RowExpectations(-22, null, null, null, null, "a note");
        var steps = new StepList();
        steps.Add(StepOp.Setup, 3, "", expect, NoArgs.Instance);
        steps.AddCpus(StepOp.Online, 4, "cpus=2-3", expect, [new CpuList.Item(2, 3, 0, 0)]);
        var outline = steps.WithoutExpectations();
        Assert.That(outline.Select(s => (s.Op, s.Line, s.ArgsText, s.OwnArgsText, s.FirstOfRow, s.LastOfRow)),
            Is.EqualTo(steps.Select(s => (s.Op, s.Line, s.ArgsText, s.OwnArgsText, s.FirstOfRow, s.LastOfRow))));
        Assert.That(outline.Select(s => s.Expect), Has.All.SameAs(RowExpectations.None));
        Assert.That(steps.Select(s => s.Expect), Has.All.SameAs(expect), "the scenario's own steps keep theirs");
    }
}
