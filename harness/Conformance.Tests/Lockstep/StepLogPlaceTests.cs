using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;
using Conformance.Results;
using Conformance.Tests.TestSupport;
using Conformance.Vectors;

namespace Conformance.Tests.Lockstep;

/// <summary>
/// A run's step logs go to memory only when what the run may record fits there with room to
/// spare; what it may record is estimated from each scenario's steps and CPUs, erring high.
/// </summary>
public sealed class StepLogPlaceTests : TempDirectoryTest
{
    private const long GiB = 1L << 30;

    [Test]
    public void LogsGoToMemoryOnlyWhenTheyFitWithAQuarterOfItOrAGibibyteToSpare()
    {
        // 16 GiB, 10 free: a quarter (4 GiB) is kept free, so 6 GiB fit.
        var large = new StepLogPlace.MemoryFolder("/m", Free: 10 * GiB, Size: 16 * GiB);
        Assert.That(StepLogPlace.Fits(6 * GiB, large), Is.True);
        Assert.That(StepLogPlace.Fits(6 * GiB + 1, large), Is.False);
        // 2 GiB, 1.5 free: a quarter is less than a gibibyte, which is kept instead: half a gibibyte fits.
        var small = new StepLogPlace.MemoryFolder("/m", Free: 3 * GiB / 2, Size: 2 * GiB);
        Assert.That(StepLogPlace.Fits(GiB / 2, small), Is.True);
        Assert.That(StepLogPlace.Fits(GiB / 2 + 1, small), Is.False);
        Assert.That(StepLogPlace.Fits(0, null), Is.False, "no memory folder on this machine");
    }

    [Test]
    public void ARowIsEstimatedAsTheFixedColumnsAndTheLongestCpuListForEachResourceAndTheOnlineMaskOnBothSides()
    {
        // 64 CPUs: 32 items of two digits and a comma (96 bytes); 2 resources and the online mask, both sides.
        Assert.That(StepLogPlace.Estimate.RowBytes(64, 2), Is.EqualTo(1024 + 2 * 3 * 96));
        // 4096: 2048 items of four digits and a comma.
        Assert.That(StepLogPlace.Estimate.RowBytes(4096, 4), Is.EqualTo(1024 + 2 * 5 * 2048 * 5));
        // 9 CPUs: 0,2,4,6,8 (5 items of one digit and a comma).
        Assert.That(StepLogPlace.Estimate.RowBytes(9, 1), Is.EqualTo(1024 + 2 * 2 * 5 * 2));
    }

    [Test]
    public void AScenarioRecordsAtMostItsLimitAndItsKeptFailuresAndItsLastStep()
    {
        // A topology of 64 CPUs and a row that onlines them all: 65 steps.
        var scenario = Parse("s,topology,cpus=64,,,,,\ns,online,cpus=0-63,,,,,\n");
        var under = new StepLogPlace.Estimate(recordLimit: 100);
        under.Add(scenario, resources: 2);
        Assert.That(under.Bytes, Is.EqualTo(65 * StepLogPlace.Estimate.RowBytes(64, 2)), "every step");
        var over = new StepLogPlace.Estimate(recordLimit: 1);
        over.Add(scenario, resources: 2);
        over.Add(scenario, resources: 2);
        Assert.That(over.Bytes, Is.EqualTo(2 * (1 + Failure.Kept + 1) * StepLogPlace.Estimate.RowBytes(64, 2)), "the limit, 32 failures and the last, each scenario");
    }

    /// <summary>
    /// The worst mask for its text, every other CPU, in a domain that spans the machine and in the
    /// online mask, with the sides differing (the early alloc check fails where MBA is not
    /// alloc_capable: both sides' columns written): every row stays within the estimate.
    /// </summary>
    [Test]
    public void NoRowARunWritesIsLongerThanItsEstimate()
    {
        var scenario = Parse("""
            s,topology,cpus=64,,,,,
            s,class,id=0 type=cache level=3,,,,,
            s,component,class=0 id=0 cpus=0-63,,,,,
            s,class,id=1 type=memory,,,,,
            s,component,class=1 id=1 cpus=0-63,,,,,
            s,map,res=L3 class=0 alloc_capable=1,,,,,
            s,map,res=MBA class=1 alloc_capable=0,,,,,
            s,setup,,,,,,

            """ + $"s,online,\"cpus={string.Join(',', Enumerable.Range(0, 32).Select(c => 2 * c))}\",,,,,\n");
        var log = StepLog.PathOf(TempDir, 0);
        using (var writer = new StepLogWriter(log))
        {
            writer.Begin(scenario.File, scenario.Name);
            new LockstepRunner(new MpamModel(Profile, ModelVariant.EarlyAllocCheck), new MpamModel(Profile),
                new LockstepOptions(KeepGoing: true, RecordSteps: true)).Run(scenario, 0, writer);
        }
        var rows = File.ReadAllLines(log);
        Assert.That(rows.Last(), Does.Contain("\"0,2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,42,44,46,48,50,52,54,56,58,60,62\""),
            "the online mask at its longest");
        Assert.That(rows.Count(r => r.Split(',')[6] == "1"), Is.GreaterThan(0), "rows where both sides' columns are written");
        Assert.That(rows.Max(r => System.Text.Encoding.UTF8.GetByteCount(r) + 1), Is.LessThanOrEqualTo(StepLogPlace.Estimate.RowBytes(64, Profile.Names.Count)));
    }

    private static readonly ResourceProfile Profile = ResourceProfile.Default;

    private static Scenario Parse(string rows) =>
        OneScenario.OfRows(rows, Profile);
}
