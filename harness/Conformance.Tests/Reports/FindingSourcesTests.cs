using Conformance.Results;

namespace Conformance.Tests.Reports;

/// <summary>A finding names the line of the patch's source it comes from, as checkpatch names a place.</summary>
public sealed class FindingSourcesTests
{
    private static readonly string[] Source =
    [
        "static int helper(void)",                      // 1
        "{",                                            // 2
        "\tif (WARN_ON_ONCE(!dom))",                    // 3: another function's WARN
        "\t\treturn 1;",                                // 4
        "}",                                            // 5
        "",                                             // 6
        "void mpam_resctrl_offline_cpu(unsigned int cpu)", // 7
        "{",                                            // 8
        "\tlist_for_each_entry_rcu(d, &l, list) {",    // 9
        "\t}",                                          // 10
        "\tif (WARN_ON_ONCE(!dom))",                    // 11
        "\t\tcontinue;",                                // 12
        "}",                                            // 13
    ];

    private static Finding Located(Finding f)
    {
        var scenario = new ScenarioResult("s", "v.csv", 1, ScenarioOutcome.Conforms, 1, 1, null, [], [f], [], TimeSpan.Zero);
        var run = new RunResult("r", DateTimeOffset.Now, TimeSpan.Zero, new RunSubject("p", [], "patch", "lib", []), [scenario]);
        return FindingSources.Locate(run, Source, "mpam_resctrl.c").Scenarios[0].Findings[0];
    }

    [Test]
    public void AWarnIsItsConditionsLineInsideItsFunction() =>
        Assert.That(Located(new Finding(0, 1, FindingSide.Both, "WARN", "t", "mpam_resctrl_offline_cpu", "WARN*(!dom)")).Where,
            Is.EqualTo("mpam_resctrl.c:11: mpam_resctrl_offline_cpu()"));

    [Test]
    public void ARuleIsItsChecksLine() =>
        Assert.That(Located(new Finding(0, 1, FindingSide.Both, "rcu", "t", "mpam_resctrl_offline_cpu", "list_for_each_entry_rcu(")).Where,
            Is.EqualTo("mpam_resctrl.c:9: mpam_resctrl_offline_cpu()"));

    [Test]
    public void WithoutTheCheckInTheFunctionItIsTheDefinition() =>
        Assert.That(Located(new Finding(0, 1, FindingSide.Both, "rule", "t", "mpam_resctrl_offline_cpu", "lockdep_assert_held(")).Where,
            Is.EqualTo("mpam_resctrl.c:7: mpam_resctrl_offline_cpu()"));

    [Test]
    public void AFixThatMovesLinesMovesTheLineAndNothingElse()
    {
        // The seed's WARN in mpam_resctrl_offline_cpu(), from the patch and from the patch with
        // three comment lines inserted after its first line (a fix that changes no behaviour).
        var dir = Directory.CreateTempSubdirectory("moved-lines").FullName;
        try
        {
            var lines = TestSupport.SeedSource.Lines;
            var fix = Path.Combine(dir, "moves.diff");
            File.WriteAllText(fix, $"--- a/{Conformance.Intake.PatchIntake.PatchedFile}\n+++ b/{Conformance.Intake.PatchIntake.PatchedFile}\n" +
                                   $"@@ -1,2 +1,5 @@\n {lines[0]}\n+/*\n+ * only moves lines\n+ */\n {lines[1]}\n");
            string Warn(string run, params string[] fixArgs)
            {
                var (exit, _, error) = TestSupport.ConsoleCapture.Run(TestSupport.RepoPaths.Root,
                    ["run", "--patch", TestSupport.RepoPaths.Seed, .. fixArgs, "--vectors", "vectors/seed/review/*.csv",
                     "--reports", dir, "--run-id", run]);
                Assert.That(exit, Is.EqualTo(Conformance.Cli.ExitCodes.Conforms), error);
                return File.ReadAllLines(Path.Combine(dir, run, "summary.md")).Single(l => l.Contains("mpam\\_resctrl\\_offline\\_cpu() WARNs"));
            }
            int line = lines.ToList().FindIndex(l => l.Contains("WARN_ON_ONCE(!dom)")) + 1;
            var before = Warn("base");
            var after = Warn("moved", "--fix", fix);
            Assert.That(before, Does.Contain($"drivers/resctrl/mpam_resctrl.c:{line}: mpam_resctrl_offline_cpu()"));
            Assert.That(after, Is.EqualTo(before.Replace($"mpam_resctrl.c:{line}:", $"mpam_resctrl.c:{line + 3}:")), "the text is the same but for the line");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void NoFunctionOrAnUnknownOneHasNoLine()
    {
        Assert.That(Located(new Finding(0, 1, FindingSide.Both, "invariant", "t")).Where, Is.Null);
        Assert.That(Located(new Finding(0, 1, FindingSide.Both, "WARN", "t", "not_in_this_file", "WARN*(x)")).Where, Is.Null);
    }
}
