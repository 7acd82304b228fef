using System.Text.Json;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Bench;

/// <summary>What `bench` measures and keeps (never how fast: speed is measured by the command, not asserted).</summary>
public sealed class BenchCommandTests : TempDirectoryTest
{
    [Test]
    public void EveryPartIsMeasuredInEveryRoundAndTheResultsAreKeptAndComparedWithTheLastOfTheSameWorkload()
    {
        var results = Path.Combine(TempDir, "bench");
        string[] Args(int cpus) => ["bench", "--patch", RepoPaths.Seed, "--cpus", $"{cpus}", "--seconds", "0.02", "--repeats", "3", "--results", results, "--json"];
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, Args(8));
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(output);
        var parts = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.That(parts.Select(p => p.GetProperty("key").GetString()),
            Is.EqualTo(new[] { "model", "reference", "lockstep", "lockstep-recording", "pure-c" }));
        Assert.That(parts.Select(p => p.GetProperty("rounds").GetArrayLength()), Has.All.EqualTo(3));
        Assert.That(parts.SelectMany(p => p.GetProperty("rounds").EnumerateArray()).Select(r => r.GetProperty("steps").GetInt64()), Has.All.Positive);
        Assert.That(json.RootElement.GetProperty("cpus").GetInt32(), Is.EqualTo(8));
        Assert.That(Directory.GetFiles(results, "bench-*.json"), Has.Length.EqualTo(1));

        // Another workload is not compared with it; the same one is, and neither file is replaced.
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, Args(4));
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(error, Does.Not.Contain("compared with"));
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, Args(8));
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(error, Does.Contain("compared with").And.Contain("8cpus"));
        Assert.That(Directory.GetFiles(results, "bench-*.json"), Has.Length.EqualTo(3));
    }

    [Test]
    public void AWorkloadFileIsReadWithTheVectorReaderAndAMissingOneIsBadInput()
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "bench", "--patch", RepoPaths.Seed, "--workload", Path.Combine(TempDir, "none.csv"));
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("none.csv: expected a vector file"));

        var bad = Path.Combine(TempDir, "bad.csv");
        File.WriteAllText(bad, "scenario,op,args\nw,topology,cpus=4\nw,online,cpu=9\n");
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "bench", "--patch", RepoPaths.Seed, "--workload", bad);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("bad.csv:3:"));
    }
}
