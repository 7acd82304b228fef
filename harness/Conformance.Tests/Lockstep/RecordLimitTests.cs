using System.Text.Json.Nodes;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>`run --record-limit` reaches the workers: steps.csv and summary.json show the limit a run was given.</summary>
public sealed class RecordLimitTests : TempDirectoryTest
{
    [Test]
    public void ARunsRecordLimitIsWhatItsStepsCsvHolds()
    {
        // Steps 0-5 describe the platform and set up, then four rows of 12 CPUs: 54 steps (0-53).
        Directory.CreateDirectory(Path.Combine(TempDir, "vectors"));
        File.WriteAllText(Path.Combine(TempDir, "vectors", "v.csv"), TwelveCpuRows.Csv(4));

        IReadOnlyList<string> StepsOf(string runId, params string[] more)
        {
            var (exit, _, error) = ConsoleCapture.Run(TempDir, ["run", "--patch", RepoPaths.Seed, "--vectors", "vectors/v.csv",
                "--reports", Path.Combine(TempDir, "reports"), "--run-id", runId, .. more]);
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(TempDir, "reports", runId, "summary.json")))!;
            var rows = File.ReadAllLines(Path.Combine(TempDir, "reports", runId, "steps.csv")).Skip(1).Select(l => l.Split(',')[2]).ToList();
            Assert.That(summary["scenarios"]![0]!["steps_recorded"]!.GetValue<int>(), Is.EqualTo(rows.Count));
            return rows;
        }

        Assert.That(StepsOf("all"), Is.EqualTo(Enumerable.Range(0, 54).Select(i => i.ToString())));
        Assert.That(StepsOf("ten", "--record-limit", "10"), Is.EqualTo(Enumerable.Range(0, 10).Append(53).Select(i => i.ToString())));
    }
}
