using System.Text.Json.Nodes;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Lockstep;

/// <summary>`run --record-limit` and `review --record-limit` reach the workers: steps.csv, summary.json show the limit a run was given.</summary>
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

    [Test]
    public void AReviewComparesTheStepsItsRecordLimitKeeps()
    {
        // The same 54 steps; iserr-after-alloc changes nothing on them. With a limit of 10 both runs
        // record steps 0-9 and 53: 11 compared, all identical, of 54 run.
        Directory.CreateDirectory(Path.Combine(TempDir, "vectors"));
        File.WriteAllText(Path.Combine(TempDir, "vectors", "v.csv"), TwelveCpuRows.Csv(4));

        JsonNode ReviewOf(string runId, params string[] more)
        {
            var (exit, _, error) = ConsoleCapture.Run(TempDir, ["review", "--patch", RepoPaths.Seed, "--fix", RepoPaths.Fix("iserr-after-alloc.diff"),
                "--vectors", "vectors/v.csv", "--reports", Path.Combine(TempDir, "reports"), "--run-id", runId, .. more]);
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
            return JsonNode.Parse(File.ReadAllText(Path.Combine(TempDir, "reports", runId, "summary.json")))!["variants"]![0]!;
        }

        var all = ReviewOf("all");
        Assert.That((all["steps"]!.GetValue<int>(), all["steps_compared"]!.GetValue<int>(), all["identical_steps"]!.GetValue<int>()), Is.EqualTo((54, 54, 54)));
        Assert.That(all["verdict"]!.GetValue<string>(), Is.EqualTo("no observable change on 1 scenarios / 54 steps"));
        var ten = ReviewOf("ten", "--record-limit", "10");
        Assert.That((ten["steps"]!.GetValue<int>(), ten["steps_compared"]!.GetValue<int>(), ten["identical_steps"]!.GetValue<int>()), Is.EqualTo((54, 11, 11)));
        Assert.That(ten["verdict"]!.GetValue<string>(), Is.EqualTo("no observable change on 1 scenarios / 11 steps compared, of 54 run"));
    }
}
