using System.Text.Json;
using Conformance.Cli;
using Conformance.Mutation;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Mutation;

/// <summary>Mutation points as libclang finds them, and `mutate` over the seed's list handling.</summary>
public sealed class MutationPointsTests : TempDirectoryTest
{
    private const string Source = """
        struct list_head { struct list_head *next, *prev; };
        void list_del_rcu(struct list_head *e);
        void lockdep_assert_held(void *l);
        void kfree(void *p);

        int f(int a, int b, struct list_head *n)
        {
        	int i;

        	lockdep_assert_held(n);
        	if (a == b)
        		return -EINVAL;
        	for (i = 0; i < a; i++) {
        		if (!b)
        			break;
        	}
        	list_del_rcu(n);
        	kfree(n);
        	return 0;
        }
        """;

    [Test]
    public void EachOperatorWhereItFitsAndNoAssertionDropped()
    {
        var file = Path.Combine(TempDir, "f.c");
        File.WriteAllText(file, Source);
        var found = MutationPoints.Find(file, []).Select(m => (m.Line, m.Operator, m.Mutated.Trim())).ToList();
        Assert.That(found, Is.EqualTo(new[]
        {
            (11, "condition", "if (a != b)"),
            (12, "errno", "return -ENOMEM;"),
            (13, "constant", "for (i = 1; i < a; i++) {"),
            (13, "condition", "for (i = 0; i <= a; i++) {"),
            (14, "negation", "if (b)"),
            (15, "control", "continue;"),
            (17, "rcu-list", "list_del(n);"),
            (17, "dropped-call", ""),
            (18, "dropped-call", ""),
            (19, "constant", "return 1;"),
        }));
    }

    [Test]
    public void ArithmeticAndBitOperatorsAreMutatedWhereTheSyntaxTreeHasABinaryOperatorOnly()
    {
        // A pointer declaration, a dereference, an address, a negative errno and an increment share
        // their tokens with arithmetic and bit operations: only the binary operators (compound
        // assignments too) are planted, each alone; in a macro's argument too, where it is written,
        // but not in the macro's own body (TWICE's *), which is no line of the function.
        const string arithmetic = """
            #define TWICE(v) ((v) * 2)
            int h(int *p, int n, int w)
            {
            	int *q = p;
            	int x = n * 2 + w;
            	int y = -n - 1;

            	x = x % (w - 1);
            	for (n = 0; n < w; n++)
            		y += n;
            	y = (x & 3) | (n << 2) | (w >> 1) ^ *(&x);
            	x |= 1u << w;
            	x >>= 2;
            	x = TWICE(1 << w);
            	return *q + y / 2 - -22;
            }
            """;
        var file = Path.Combine(TempDir, "h.c");
        File.WriteAllText(file, arithmetic);
        var found = MutationPoints.Find(file, []).Where(m => m.Operator is "arithmetic" or "bitwise")
            .Select(m => (m.Line, m.Operator, m.Mutated.Trim(), m.Description)).ToList();
        Assert.That(found, Is.EqualTo(new[]
        {
            (5, "arithmetic", "int x = n / 2 + w;", "* becomes /"),
            (5, "arithmetic", "int x = n * 2 - w;", "+ becomes -"),
            (6, "arithmetic", "int y = -n + 1;", "- becomes +"),
            (8, "arithmetic", "x = x / (w - 1);", "% becomes /"),
            (8, "arithmetic", "x = x % (w + 1);", "- becomes +"),
            (10, "arithmetic", "y -= n;", "+= becomes -="),
            (11, "bitwise", "y = (x | 3) | (n << 2) | (w >> 1) ^ *(&x);", "& becomes |"),
            (11, "bitwise", "y = (x & 3) & (n << 2) | (w >> 1) ^ *(&x);", "| becomes &"),
            (11, "bitwise", "y = (x & 3) | (n >> 2) | (w >> 1) ^ *(&x);", "<< becomes >>"),
            (11, "bitwise", "y = (x & 3) | (n << 2) & (w >> 1) ^ *(&x);", "| becomes &"),
            (11, "bitwise", "y = (x & 3) | (n << 2) | (w << 1) ^ *(&x);", ">> becomes <<"),
            (11, "bitwise", "y = (x & 3) | (n << 2) | (w >> 1) | *(&x);", "^ becomes |"),
            (12, "bitwise", "x &= 1u << w;", "|= becomes &="),
            (12, "bitwise", "x |= 1u >> w;", "<< becomes >>"),
            (13, "bitwise", "x <<= 2;", ">>= becomes <<="),
            (14, "bitwise", "x = TWICE(1 >> w);", "<< becomes >>"),
            (15, "arithmetic", "return *q - y / 2 - -22;", "+ becomes -"),
            (15, "arithmetic", "return *q + y * 2 - -22;", "/ becomes *"),
            (15, "arithmetic", "return *q + y / 2 + -22;", "- becomes +"),
        }));
    }

    [Test]
    public void AnIntegerConstantIsMutatedOffByOneAsWrittenAndNothingElseIsACconstant()
    {
        // 0 and 1 each other's, any other one more, in its own base with its suffix; an octal
        // constant, a character and a string are left alone, as is a constant in a macro's body.
        const string constants = """
            #define LEVEL 3
            int k(int n)
            {
            	char c = 'a';
            	int x = 0, y = 1;
            	unsigned long m = 0xffUL;

            	x += LEVEL + 017;
            	y = n > 16 ? 2u : -1;
            	return c + x + y + m + sizeof("s");
            }
            """;
        var file = Path.Combine(TempDir, "k.c");
        File.WriteAllText(file, constants);
        var found = MutationPoints.Find(file, []).Where(m => m.Operator == "constant")
            .Select(m => (m.Line, m.Mutated.Trim(), m.Description)).ToList();
        Assert.That(found, Is.EqualTo(new[]
        {
            (5, "int x = 1, y = 1;", "0 becomes 1"),
            (5, "int x = 0, y = 0;", "1 becomes 0"),
            (6, "unsigned long m = 0x100UL;", "0xffUL becomes 0x100UL"),
            (9, "y = n > 17 ? 2u : -1;", "16 becomes 17"),
            (9, "y = n > 16 ? 3u : -1;", "2u becomes 3u"),
            (9, "y = n > 16 ? 2u : -0;", "1 becomes 0"),
        }));
    }

    [Test]
    public void ABreakThatEndsALoopsRoundAsContinueWouldIsNotMutated()
    {
        // A break leaving a switch that is the last statement of a loop's body goes on to the
        // loop's next round, as continue does: that mutant changes nothing and is not planted.
        const string loops = """
            int g(int n, int k)
            {
            	int i, s = 0;

            	for (i = 0; i < n; i++) {
            		switch (k) {
            		case 0:
            			s++;
            			break;
            		default:
            			if (s > 3)
            				break;
            			s--;
            		}
            	}
            	do
            		switch (k) {
            		case 2:
            			break;
            		}
            	while (--n);
            	while (n--) {
            		switch (k) {
            		case 1:
            			break;
            		}
            		s += 2;
            	}
            	for (;;)
            		break;
            	while (k--) {
            		for (i = 0; i < n; i++)
            			if (i == k)
            				break;
            	}
            	for (i = 0; i < n; i++) {
            		if (i & 1) {
            			switch (k) {
            			default:
            				break;
            			}
            		}
            	}
            	return s;
            }
            """;
        var file = Path.Combine(TempDir, "g.c");
        File.WriteAllText(file, loops);
        var breaks = MutationPoints.Find(file, []).Where(m => m.Description == "break becomes continue").Select(m => m.Line).ToList();
        // Lines 9, 12, 19 and 40 (its switch ends an if that ends the body) end a round either way;
        // line 25's switch has a statement after it, and
        // lines 30 and 34 leave their loops (34's loop ends the outer loop's body, but it is a loop, not a switch).
        Assert.That(breaks, Is.EqualTo(new[] { 25, 30, 34 }));
    }

    [Test]
    public void EachMutantNamesTheFunctionItIsIn()
    {
        var file = Path.Combine(TempDir, "f.c");
        File.WriteAllText(file, Source + "\nint g(int a)\n{\n\treturn a > 1 ? -EINVAL : 0;\n}\n");
        var found = MutationPoints.Find(file, []).Select(m => (m.Line, m.Function)).Distinct().ToList();
        Assert.That(found.Where(m => m.Line <= 20).Select(m => m.Function).Distinct(), Is.EqualTo(new[] { "f" }));
        Assert.That(found.Where(m => m.Line > 20), Is.EqualTo(new[] { (23, "g") }), "g's condition and errno, both on its one line");
    }

    [Test]
    public void TheScoreCountsTheRenderedFunctionsMutantsThatBuildAndTheRestAreSaidApart()
    {
        // f is rendered: one killed, one survivor, one that did not build. g is not: one killed,
        // one survivor, one that did not build, which is in neither the score nor the count apart.
        MutantResult Judged(int id, string function, MutantFate fate) =>
            new(new Mutant(id, "condition", id, "a", "b", "== becomes !=", function), fate, "");
        var run = new MutationResults("p", "0123456789abcdef", 1, 1, 6,
        [
            Judged(1, "f", MutantFate.Killed), Judged(2, "f", MutantFate.Survived), Judged(3, "f", MutantFate.Stillborn),
            Judged(4, "g", MutantFate.Killed), Judged(5, "g", MutantFate.Survived), Judged(6, "g", MutantFate.Stillborn),
        ], ["g"]);
        Assert.That(MutationReport.Headline(run), Is.EqualTo("mutation score 50.0%: the suite kills 1 of 2 mutants that build (1 did not build); " +
                                                             "1 survives. 2 more are in functions no model renders (1 killed), outside the score."));
        using var json = JsonDocument.Parse(MutationReport.Json(run));
        var root = json.RootElement;
        Assert.That((root.GetProperty("killed").GetInt32(), root.GetProperty("judged").GetInt32(), root.GetProperty("stillborn").GetInt32()),
            Is.EqualTo((1, 2, 1)));
        var markdown = MutationReport.Markdown(run);
        Assert.That(markdown, Does.Contain("| g() | 2 | 1 | 1 |"));
        Assert.That(markdown, Does.Contain("## By kind of mistake\n\n| operator | mutants | killed | survived |\n| --- | ---: | ---: | ---: |\n| condition | 2 | 1 | 1 |\n"),
            "f's two that built, by their kind; g's are outside the score");
    }

    [Test]
    public void ARunNoScoredMutantBuiltInHasNoScoreAndReachesNoMinimum()
    {
        // Every mutant of f failed to build (a toolchain that refuses the flavour, say): nothing was
        // shown, so there is no score; g's killed mutant stays outside it.
        MutantResult Judged(int id, string function, MutantFate fate, string evidence) =>
            new(new Mutant(id, "condition", id, "a", "b", "== becomes !=", function), fate, evidence);
        var run = new MutationResults("p", "0123456789abcdef", 1, 1, 3,
        [
            Judged(1, "f", MutantFate.Stillborn, "reference-c: the build stopped"), Judged(2, "f", MutantFate.Stillborn, "the same"),
            Judged(3, "g", MutantFate.Killed, "s (v.csv:4): Diverged"),
        ], ["g"]);
        Assert.That(MutationReport.Score(run).Score, Is.Null);
        Assert.That(MutationReport.Headline(run), Is.EqualTo("no mutation score: none of the 2 mutants built (the first: reference-c: the build stopped). " +
                                                             "1 is in functions no model renders (1 killed), outside the score."));
        Assert.That(MutationReport.Reaches(run, 0), Is.True, "no minimum asked, nothing to fail");
        Assert.That(MutationReport.Reaches(run, 0.5), Is.False, "a minimum is not reached by a run that showed nothing");
        using var json = JsonDocument.Parse(MutationReport.Json(run));
        Assert.That(json.RootElement.GetProperty("score").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var none = new MutationResults("p", "0123456789abcdef", 1, 1, 0, [], []);
        Assert.That(MutationReport.Headline(none), Is.EqualTo("no mutation score: there was no mutant to judge."));
        var outsideOnly = new MutationResults("p", "0123456789abcdef", 1, 1, 1, [Judged(3, "g", MutantFate.Survived, "")], ["g"]);
        Assert.That(MutationReport.Headline(outsideOnly), Is.EqualTo("no mutation score: no mutant is in a function the model renders. " +
                                                                     "1 is in functions no model renders (0 killed), outside the score."));
        var scored = new MutationResults("p", "0123456789abcdef", 1, 1, 1, [Judged(1, "f", MutantFate.Survived, "")], []);
        Assert.That((MutationReport.Reaches(scored, 0), MutationReport.Reaches(scored, 1)), Is.EqualTo((true, false)), "0% reaches 0 and not 1");
    }

    [Test]
    public void MutantsInFunctionsNoModelRendersAreJudgedButNotScored()
    {
        // Mainline's resctrl_arch_mbm_cntr_assign_set() and resctrl_arch_io_alloc_enable() are two
        // of the functions its model family does not render (no step drives them), each returning
        // an errno; resctrl_arch_get_cdp_enabled() and resctrl_reset_task_closids() after them are
        // rendered. The lines run from the first of them to the end of the last.
        var tree = Path.Combine(RepoPaths.Shared, "revisions", "mainline-fb481ec0");
        var lines = File.ReadAllLines(Path.Combine(tree, "drivers", "resctrl", "mpam_resctrl.c"));
        int first = Array.FindIndex(lines, l => l.StartsWith("int resctrl_arch_mbm_cntr_assign_set(", StringComparison.Ordinal)) + 1;
        int after = Array.FindIndex(lines, l => l.StartsWith("static void resctrl_reset_task_closids(void)", StringComparison.Ordinal)) + 1;
        int last = Array.FindIndex(lines, after, l => l == "}") + 1;
        Assert.That((first, after), Is.Not.EqualTo((0, 0)), "the functions are where the revision has them");
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "mutate", "--kernel-tree", tree, "--lines", $"{first}-{last}",
            "--reports", TempDir, "--run-id", "m", "--json");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.That(root.GetProperty("not_modelled").EnumerateArray().Select(f => f.GetString()),
            Is.SupersetOf(new[] { "resctrl_arch_mbm_cntr_assign_set", "resctrl_arch_io_alloc_enable" }));
        var mutants = root.GetProperty("mutants").EnumerateArray()
            .Select(m => (Function: m.GetProperty("function").GetString()!, Scored: m.GetProperty("scored").GetBoolean(), Fate: m.GetProperty("fate").GetString()!))
            .ToList();
        static bool NotRendered(string function) => function is "resctrl_arch_mbm_cntr_assign_set" or "resctrl_arch_io_alloc_enable";
        var outside = mutants.Where(m => NotRendered(m.Function)).ToList();
        var inside = mutants.Where(m => !NotRendered(m.Function)).ToList();
        Assert.That(outside, Is.Not.Empty);
        Assert.That(inside, Is.Not.Empty);
        Assert.That(inside.Select(m => m.Function).Distinct(), Is.SubsetOf(new[] { "resctrl_arch_get_cdp_enabled", "resctrl_reset_task_closids" }));
        Assert.That(outside.All(m => !m.Scored) && inside.All(m => m.Scored));
        // The score is over the rendered function's mutants that built; the others are said apart.
        int judged = inside.Count(m => m.Fate != "stillborn"), killed = inside.Count(m => m.Fate == "killed");
        Assert.That((root.GetProperty("judged").GetInt32(), root.GetProperty("killed").GetInt32()), Is.EqualTo((judged, killed)));
        int more = outside.Count(m => m.Fate != "stillborn");
        Assert.That(error, Does.Contain($"the suite kills {killed} of {judged} mutants that build")
            .And.Contain($"{more} more are in functions no model renders ({outside.Count(m => m.Fate == "killed")} killed), outside the score."));
        var md = File.ReadAllText(Path.Combine(TempDir, "m", "mutants.md"));
        Assert.That(md, Does.Contain("## In functions no model renders (outside the score)").And.Contain("| resctrl_arch_io_alloc_enable() |"));
    }

    [Test]
    public void MutateKillsTheSeedsRcuListBugsAndNamesTheSurvivors()
    {
        int first = SeedSource.LineOf("list_del_rcu(&hdr->list);"), last = SeedSource.LineOf("list_add_tail_rcu(&new->list, pos);");
        var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "mutate", "--patch", RepoPaths.Seed, "--lines", $"{first}-{last}",
            "--vectors", "vectors/seed/model-basics/*.csv", "--reports", TempDir, "--run-id", "m", "--json");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        using var json = JsonDocument.Parse(output);
        var fates = json.RootElement.GetProperty("mutants").EnumerateArray()
            .ToDictionary(m => m.GetProperty("description").GetString()!, m => m.GetProperty("fate").GetString());
        // Each of these changes what the C side does or reports in model-basics (derived from the C):
        // a plain list primitive on the domain list, a node freed with no grace period, a domain never
        // listed or never unlinked.
        Assert.That(fates["list_del_rcu becomes list_del"], Is.EqualTo("killed"));
        Assert.That(fates["the call to synchronize_rcu() is dropped"], Is.EqualTo("killed"));
        Assert.That(fates["list_add_tail_rcu becomes list_add_tail"], Is.EqualTo("killed"));
        Assert.That(fates["the call to list_add_tail_rcu() is dropped"], Is.EqualTo("killed"));
        Assert.That(File.ReadAllText(Path.Combine(TempDir, "m", "mutants.md")), Does.Contain("mutation score"));
    }

    [Test]
    public void MinScoreFailsARunBelowIt()
    {
        int line = SeedSource.LineOf("synchronize_rcu();");
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "mutate", "--patch", RepoPaths.Seed, "--lines", $"{line}-{line}",
            "--vectors", "vectors/seed/smoke/*.csv", "--reports", TempDir, "--min-score", "100");
        // The smoke scenario onlines and offlines CPUs of two components: it frees a domain, so the
        // dropped grace period is reported and the one mutant is killed: 100%.
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        Assert.That(error, Does.Contain("mutation score 100.0%: the suite kills 1 of 1 mutants that build"));
    }

    [Test]
    public void TwoShardsTogetherJudgeEachMutantOnceAsTheWholeRunDoes()
    {
        int first = SeedSource.LineOf("list_del_rcu(&hdr->list);"), last = SeedSource.LineOf("list_add_tail_rcu(&new->list, pos);");
        List<string> Judged(string runId, params string[] shard)
        {
            string[] args = ["mutate", "--patch", RepoPaths.Seed, "--lines", $"{first}-{last}", "--vectors", "vectors/seed/model-basics/*.csv",
                "--reports", TempDir, "--run-id", runId, "--json", .. shard];
            var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, args);
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
            using var json = JsonDocument.Parse(output);
            return json.RootElement.GetProperty("mutants").EnumerateArray()
                .Select(m => $"{m.GetProperty("line").GetInt32()} {m.GetProperty("description").GetString()}: {m.GetProperty("fate").GetString()}").ToList();
        }
        var whole = Judged("whole");
        var one = Judged("s1", "--shard", "1/2");
        var two = Judged("s2", "--shard", "2/2");
        Assert.That(one.Intersect(two), Is.Empty, "no mutant twice");
        Assert.That(one.Concat(two), Is.EquivalentTo(whole));
        Assert.That(one, Is.Not.Empty);
        Assert.That(two, Is.Not.Empty);

        // Joined, given in any order: the reports one machine judging them all writes, byte for byte.
        var (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "merge", Path.Combine(TempDir, "s2"), Path.Combine(TempDir, "s1"),
            "--reports", TempDir, "--run-id", "merged");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
        foreach (var report in new[] { "mutants.json", "mutants.md" })
            Assert.That(File.ReadAllText(Path.Combine(TempDir, "merged", report)), Is.EqualTo(File.ReadAllText(Path.Combine(TempDir, "whole", report))), report);
        Assert.That(error, Does.Contain(whole.Count(m => m.EndsWith(": killed")) + " of " + whole.Count + " mutants"));

        // A score below the minimum fails the matrix as it fails one machine's run: here every
        // mutant is killed, so a shard that says one of its mutants survived brings the joined
        // score under 100%.
        var weaker = Path.Combine(TempDir, "weaker");
        Directory.CreateDirectory(weaker);
        var shardTwo = File.ReadAllText(Path.Combine(TempDir, "s2", "mutants.json"));
        int killed = shardTwo.IndexOf("\"fate\": \"killed\"", StringComparison.Ordinal);
        Assert.That(killed, Is.GreaterThan(0), "the second shard killed a mutant");
        File.WriteAllText(Path.Combine(weaker, "mutants.json"), shardTwo[..killed] + "\"fate\": \"survived\"" + shardTwo[(killed + "\"fate\": \"killed\"".Length)..]);
        (exit, _, _) = ConsoleCapture.Run(RepoPaths.Root, "merge", Path.Combine(TempDir, "s1"), Path.Combine(TempDir, "s2"),
            "--reports", TempDir, "--run-id", "strict", "--min-score", "100");
        Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), "every mutant killed: 100% is met");
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "merge", Path.Combine(TempDir, "s1"), weaker,
            "--reports", TempDir, "--run-id", "weak", "--min-score", "100");
        Assert.That(exit, Is.EqualTo(ExitCodes.Divergence), error);
        Assert.That(error, Does.Contain(whole.Count(m => m.EndsWith(": killed")) - 1 + " of " + whole.Count + " mutants"));

        // One shard alone, or shards of other mutants, are refused, and nothing is written.
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "merge", Path.Combine(TempDir, "s1"), "--reports", TempDir, "--run-id", "half");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain("expected all 2 shards once each, but shard(s) 2/2 are missing"));
        var other = Path.Combine(TempDir, "other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "mutants.json"),
            File.ReadAllText(Path.Combine(TempDir, "s2", "mutants.json")).Replace("\"all_mutants\": " + whole.Count, "\"all_mutants\": " + (whole.Count + 1)));
        (exit, _, error) = ConsoleCapture.Run(RepoPaths.Root, "merge", Path.Combine(TempDir, "s1"), other, "--reports", TempDir, "--run-id", "mixed");
        Assert.That(exit, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(error, Does.Contain($"{other}: expected a shard of the same mutation run"));
        Assert.That(Directory.Exists(Path.Combine(TempDir, "half")) || Directory.Exists(Path.Combine(TempDir, "mixed")), Is.False);
    }

    [Test]
    public void MutantsJudgedSideBySideAreReportedAsOneAtATime()
    {
        int first = SeedSource.LineOf("list_del_rcu(&hdr->list);"), last = SeedSource.LineOf("list_add_tail_rcu(&new->list, pos);");
        string Judged(string runId, string workers)
        {
            var (exit, output, error) = ConsoleCapture.Run(RepoPaths.Root, "mutate", "--patch", RepoPaths.Seed, "--lines", $"{first}-{last}",
                "--vectors", "vectors/seed/model-basics/*.csv", "--reports", TempDir, "--run-id", runId, "--json", "--workers", workers);
            Assert.That(exit, Is.EqualTo(ExitCodes.Conforms), error);
            return output;
        }
        var oneAtATime = Judged("one", "1");
        Assert.That(JsonDocument.Parse(oneAtATime).RootElement.GetProperty("mutants").GetArrayLength(), Is.GreaterThan(2));
        Assert.That(Judged("three", "3"), Is.EqualTo(oneAtATime));
    }
}
