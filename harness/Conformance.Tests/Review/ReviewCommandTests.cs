using System.Text.Json;
using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Review;

/// <summary>
/// `conformance review` and the model variants over the real patch and the reviewer's two real
/// fixes from ../shared, on the scenarios written for them (vectors/seed/review/).
/// </summary>
public sealed class ReviewCommandTests : TempDirectoryTest
{

    private static readonly string Early = "early-alloc-capable-check.diff";
    private static readonly string IsErr = "iserr-after-alloc.diff";

    [Test]
    public void TheVerdictsForBothFixes()
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed,
            "--fix", RepoPaths.Fix(Early), "--fix", RepoPaths.Fix(IsErr), "--vectors", "vectors/seed/review/*.csv",
            "--reports", TempDir, "--run-id", "review");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "review", "summary.json")));
        var variants = json.RootElement.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);

        Assert.That(variants["iserr-after-alloc"].GetProperty("verdict").GetString(), Is.EqualTo("no observable change on 2 scenarios / 24 steps"));

        var early = variants["early-alloc-capable-check"];
        Assert.That(early.GetProperty("changes_behaviour").GetBoolean(), Is.True);
        var first = early.GetProperty("deltas")[0];
        Assert.That(first.GetProperty("scenario").GetString(), Is.EqualTo("mba-cannot-alloc"));
        Assert.That(first.GetProperty("op").GetString(), Is.EqualTo("online cpu=2"));
        var rc = first.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "ReturnCodes");
        Assert.That((rc.GetProperty("base").GetString(), rc.GetProperty("variant").GetString()), Is.EqualTo(("0", "-EINVAL")));
        Assert.That(early.GetProperty("deltas").EnumerateArray().Select(d => d.GetProperty("scenario").GetString()),
            Has.None.EqualTo("all-capable"), "with every resource alloc_capable the early check changes nothing");

        Assert.That(variants["all-fixes"].GetProperty("verdict").GetString(), Is.EqualTo(early.GetProperty("verdict").GetString()),
            "together, the fixes do what the early check alone does");
        foreach (var file in new[] { "review.md", "review.html", "junit.xml", "review.txt" })
            Assert.That(File.Exists(Path.Combine(TempDir, "review", file)), file);

        // The reply, derived from the C and vectors/seed/review/suggestions.csv: in mba-cannot-alloc
        // the early check makes both onlines (CPUs 2 and 3) return -EINVAL once L3 has taken the
        // CPU, so the MBA domain is never allocated (the leak at the kzalloc_node() goes), offline
        // of CPU 3 is never run (its WARN goes), and CPU 2 stays in L3 domain 1 while the hotplug
        // core holds it offline. The RCU-list walk report of mpam_resctrl_get_domain_from_cpu() stays;
        // the IS_ERR move changes nothing, so it keeps all three (that report, the leak, the WARN).
        var reply = File.ReadAllText(Path.Combine(TempDir, "review", "review.txt"));
        var paragraphs = reply.Split("\n\n").Select(p => string.Join(" ", p.Split('\n').Select(l => l.Trim())).Trim()).ToList();
        Assert.That(reply.Split('\n').Where(l => l.Length > 72), Is.Empty, "72 columns");
        Assert.That(paragraphs, Has.One.EqualTo(
            "early-alloc-capable-check: removes the MBA leak at mpam_resctrl.c:173 and the WARN at :266; "
            + "adds: CPUs the hotplug core holds offline stay in L3 domains; makes online fail with -EINVAL (2 steps in mba-cannot-alloc); "
            + "means offline is not run (1 step in mba-cannot-alloc); keeps 1 finding."));
        Assert.That(paragraphs, Has.One.EqualTo("iserr-after-alloc: no observable change on 2 scenarios / 24 steps; keeps 3 findings."));
        Assert.That(paragraphs, Has.One.EqualTo("all-fixes: the same as early-alloc-capable-check."));

        // Each quoted line is the patch's own line at the place named above it.
        var lines = reply.Split('\n');
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].StartsWith("> ", StringComparison.Ordinal))
            {
                var place = System.Text.RegularExpressions.Regex.Match(lines[i - 1], @"^drivers/resctrl/mpam_resctrl\.c:(\d+): ");
                Assert.That(place.Success, $"line {i}: a quote follows its place");
                Assert.That(lines[i][2..], Is.EqualTo(SeedSource.Lines[int.Parse(place.Groups[1].Value) - 1].Trim()));
            }
        Assert.That(lines, Does.Contain("> dom = kzalloc_node(sizeof(*dom), GFP_KERNEL, cpu_to_node(cpu));"));
        Assert.That(lines, Does.Contain("> if (WARN_ON_ONCE(!dom))"));

        // Each change's reproducer: mba-cannot-alloc cut after the step that shows it.
        var removed = early.GetProperty("findings").GetProperty("removed").EnumerateArray().ToList();
        var leak = removed.Single(f => f.GetProperty("kind").GetString() == "leak");
        Assert.That(leak.GetProperty("fact").GetString(), Is.EqualTo("leak:mpam_resctrl_alloc_domain:MBA"));
        Assert.That(leak.GetProperty("reproducer").EnumerateArray().Select(l => l.GetString()).Last(), Is.EqualTo("mba-cannot-alloc,online,cpu=2"));
        var warn = removed.Single(f => f.GetProperty("kind").GetString() == "WARN");
        Assert.That(warn.GetProperty("reproducer").EnumerateArray().Select(l => l.GetString()).Last(), Is.EqualTo("mba-cannot-alloc,offline,cpu=3"));
        var regression = early.GetProperty("findings").GetProperty("return_codes").EnumerateArray()
            .Single(r => r.GetProperty("regression").GetBoolean());
        Assert.That((regression.GetProperty("op").GetString(), regression.GetProperty("variant").GetString(), regression.GetProperty("steps").GetInt32()),
            Is.EqualTo(("online", "-EINVAL", 2)));
    }

    [Test]
    public void TheReproducerOfARemovedLeakShowsTheLeakOnItsOwn()
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed,
            "--fix", RepoPaths.Fix(Early), "--vectors", "vectors/seed/review/*.csv", "--reports", TempDir, "--run-id", "review");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "review", "summary.json")));
        var leak = json.RootElement.GetProperty("variants")[0].GetProperty("findings").GetProperty("removed").EnumerateArray()
            .Single(f => f.GetProperty("kind").GetString() == "leak");
        var vector = Path.Combine(TempDir, "leak.csv");
        File.WriteAllLines(vector, leak.GetProperty("reproducer").EnumerateArray().Select(l => l.GetString()!));

        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--vectors", vector,
            "--reports", TempDir, "--run-id", "again");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "again", "summary.json")));
        var findings = again.RootElement.GetProperty("scenarios")[0].GetProperty("findings").EnumerateArray().ToList();
        Assert.That(findings.Select(f => f.GetProperty("fact").GetString()), Does.Contain("leak:mpam_resctrl_alloc_domain:MBA"));
        Assert.That(findings.Single(f => f.GetProperty("kind").GetString() == "leak").GetProperty("count").GetInt32(), Is.EqualTo(1),
            "cut after the first online: one MBA domain leaked");
    }

    [Test]
    public void AFixThatOnlyMovesLinesMovesTheFindingsAndNothingElse()
    {
        // Three comment lines before line 100 (in the file's helpers, before every site a finding names).
        var fix = Path.Combine(TempDir, "move.diff");
        File.WriteAllText(fix, SeedSource.InsertingFix(100, "/*", " * moved", " */"));
        var runs = new Dictionary<string, List<JsonElement>>();
        foreach (var (id, extra) in new[] { ("base", Array.Empty<string>()), ("moved", new[] { "--fix", fix }) })
        {
            var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, ["run", "--patch", RepoPaths.Seed, "--vectors", "vectors/seed/review/*.csv",
                "--reports", TempDir, "--run-id", id, .. extra]);
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
            var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, id, "summary.json")));
            runs[id] = doc.RootElement.GetProperty("scenarios").EnumerateArray().SelectMany(s => s.GetProperty("findings").EnumerateArray()).ToList();
        }
        Assert.That(runs["moved"].Select(f => f.GetProperty("text").GetString()), Is.EqualTo(runs["base"].Select(f => f.GetProperty("text").GetString())));
        Assert.That(runs["moved"].Select(f => f.GetProperty("quote").GetString()), Is.EqualTo(runs["base"].Select(f => f.GetProperty("quote").GetString())));
        var lineOf = (JsonElement f) => int.Parse(f.GetProperty("where").GetString()!.Split(':')[1]);
        var located = runs["base"].Where(f => f.GetProperty("where").ValueKind == JsonValueKind.String).ToList();
        Assert.That(located, Is.Not.Empty);
        Assert.That(runs["moved"].Where(f => f.GetProperty("where").ValueKind == JsonValueKind.String).Select(lineOf),
            Is.EqualTo(located.Select(f => lineOf(f) + 3)));
    }

    [TestCase("early-alloc-capable-check.diff", "early-alloc-check")]
    [TestCase("iserr-after-alloc.diff", "iserr-after-alloc")]
    public void EachFixConformsToItsModelVariantInLockstep(string fix, string variant)
    {
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--fix", RepoPaths.Fix(fix),
            "--model-variant", variant, "--ignore-expectations", "--reports", TempDir);
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
    }

    [Test]
    public void TheEarlyFixDivergesFromTheUnfixedModel()
    {
        var (exit, _, _) = ConsoleCapture.Run(RepoPaths.Root, "run", "--patch", RepoPaths.Seed, "--fix", RepoPaths.Fix(Early),
            "--ignore-expectations", "--vectors", "vectors/seed/review/*.csv", "--reports", TempDir);
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence), "the lockstep notices the fix when the model does not have it");
    }

    [Test]
    public void AFixThatDoesNotApplyExitsTwoNamingItsHunk()
    {
        var fix = Path.Combine(TempDir, "stale.diff");
        File.WriteAllText(fix, File.ReadAllText(RepoPaths.Fix(IsErr)).Replace("\t\tif (!dom) {", "\t\tif (dom == NULL) {"));
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed, "--fix", fix, "--reports", TempDir);
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain($"{fix}:").And.Contain("hunk @@ -229,6 +229,8 @@"));
    }

    [Test]
    public void AgainstAnotherVersionComparesTheTwoBuilds()
    {
        // The same text in another form (a copy of the mail) must build and behave the same.
        var copy = Path.Combine(TempDir, "v6-again.txt");
        File.Copy(RepoPaths.Seed, copy);
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed, "--against", copy,
            "--vectors", "vectors/seed/review/*.csv", "--reports", TempDir, "--run-id", "against");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "against", "summary.json")));
        var variant = json.RootElement.GetProperty("variants")[0];
        Assert.That(variant.GetProperty("name").GetString(), Is.EqualTo("against v6-again.txt"));
        Assert.That(variant.GetProperty("verdict").GetString(), Is.EqualTo("no observable change on 2 scenarios / 24 steps"));
    }

    [Test]
    public void AgainstAKernelTreeHoldingTheSameFileNothingChanges()
    {
        var tree = SeedSource.Tree(Path.Combine(TempDir, "linux"));
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "review", "--patch", RepoPaths.Seed, "--against", tree,
            "--vectors", "vectors/seed/review/*.csv", "--reports", Path.Combine(TempDir, "reports"), "--run-id", "against-tree");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TempDir, "reports", "against-tree", "summary.json")));
        var variant = json.RootElement.GetProperty("variants")[0];
        Assert.That(variant.GetProperty("name").GetString(), Is.EqualTo("against linux"));
        Assert.That(variant.GetProperty("verdict").GetString(), Is.EqualTo("no observable change on 2 scenarios / 24 steps"));
    }
}
