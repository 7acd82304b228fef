using Conformance.Cli;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Catalogue;

/// <summary>
/// Bad input of every kind the harness takes from outside: arguments, patches, fixes, kernel
/// trees, vectors and the environment. Each case was tried against the harness as a hostile
/// or careless user would; each must give its exit code and a message that names the file
/// (and line) and what was expected, and change nothing it did not create.
/// </summary>
public static class BadInputCatalogue
{
    private const string File = "drivers/resctrl/mpam_resctrl.c";
    private const string Header = "scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note\n";

    // A diff that creates the file with these lines; the counts are what the caller says.
    private static string Creates(int count, params string[] lines) =>
        $"diff --git a/{File} b/{File}\nnew file mode 100644\n--- /dev/null\n+++ b/{File}\n@@ -0,0 +1,{count} @@\n" +
        string.Concat(lines.Select(l => $"+{l}\n"));

    private static string Changes(string hunkHeader, params string[] lines) =>
        $"--- a/{File}\n+++ b/{File}\n{hunkHeader}\n" + string.Concat(lines.Select(l => l + "\n"));

    private static string[] Run(CaseFolder d, params string[] more) =>
        ["run", "--patch", RepoPaths.Seed, "--reports", d.Path("reports"), .. more];

    private static string[] RunVectors(CaseFolder d, string csv) =>
        Run(d, "--vectors", Path.GetRelativePath(d.Root, d.Write("vectors/v.csv", csv)));

    private static string[] Extract(CaseFolder d, string patch) => ["extract", "--patch", patch, "--out", d.Path("out")];

    private static string[] ExtractTree(CaseFolder d, string tree) => ["extract", "--kernel-tree", tree, "--out", d.Path("out")];

    private static string[] ExtractFix(CaseFolder d, string fix) => ["extract", "--patch", RepoPaths.Seed, "--fix", fix, "--out", d.Path("out")];

    private static string SeedLine(int n) => SeedSource.Lines[n - 1];

    private const int Bad = ExitCodes.BadInput;

    public static IEnumerable<BadInputCase> Cases() =>
    [
        // --- arguments of run ---
        new("run-id escaping the reports folder", d => Run(d, "--run-id", "../x"), Bad, ["--run-id '../x'", "expected a plain folder name"]),
        new("run-id with a control character", d => Run(d, "--run-id", "a\u0001b"), Bad, ["--run-id 'a\\x01b'", "expected a plain folder name"]),
        new("run-id 'latest'", d => Run(d, "--run-id", "latest"), Bad, ["expected a plain folder name"]),
        new("run-id hidden", d => Run(d, "--run-id", ".x"), Bad, ["expected a plain folder name"]),
        new("run-id of an existing report folder", d => { d.Write("reports/mine/keep.txt", "user data"); return Run(d, "--run-id", "mine"); },
            Bad, ["{d}/reports/mine already exists", "choose another --run-id"]),
        new("--reports names a file", d => { d.Write("reports", "a file"); return Run(d); }, Bad, ["--reports {d}/reports", "expected a folder", "but it is a file"]),
        new("reports/latest is a directory", d => { d.Write("reports/latest/notes.txt", "mine"); return Run(d); },
            Bad, ["{d}/reports/latest is not the symlink the harness keeps", "move it away"]),
        new("step timeout NaN", d => Run(d, "--step-timeout", "NaN"), Bad, ["--step-timeout NaN", "expected a number of seconds greater than 0"]),
        new("step timeout negative", d => Run(d, "--step-timeout", "-1"), Bad, ["--step-timeout -1", "expected a number of seconds"]),
        new("step timeout zero", d => Run(d, "--step-timeout", "0"), Bad, ["--step-timeout 0", "expected"]),
        new("step timeout infinite", d => Run(d, "--step-timeout", "Infinity"), Bad, ["--step-timeout", "expected"]),
        new("step timeout not a number", d => Run(d, "--step-timeout", "soon"), Bad, ["soon"]),
        new("record limit zero", d => Run(d, "--record-limit", "0"), Bad, ["--record-limit", "at least 1", "got 0"]),
        new("record limit not a number", d => Run(d, "--record-limit", "many"), Bad, ["many"]),
        new("--lib is /etc/passwd", d => ["run", "--lib", "/etc/passwd", "--reports", d.Path("reports")], Bad, ["/etc/passwd: expected a reference library", "not ELF"]),
        new("--lib missing", d => ["run", "--lib", d.Path("nope.so"), "--reports", d.Path("reports")], Bad, ["{d}/nope.so: expected", "existing"]),
        new("--lib is a directory", d => ["run", "--lib", d.Dir("lib"), "--reports", d.Path("reports")], Bad, ["{d}/lib: expected a reference library", "is a directory"]),
        new("--lib is a FIFO", d => ["run", "--lib", d.Fifo("lib.so"), "--reports", d.Path("reports")], Bad, ["{d}/lib.so: expected", "FIFO"]),
        new("--lib with --fix", d => ["run", "--lib", "/etc/passwd", "--fix", d.Write("x.diff", "x"), "--reports", d.Path("reports")], Bad, ["--lib", "--fix", "ignored"]),
        new("--lib with --patch", d => ["run", "--lib", "/etc/passwd", "--patch", RepoPaths.Seed, "--reports", d.Path("reports")], Bad, ["--lib", "--patch", "ignored"]),
        new("--patch with --kernel-tree", d => ["run", "--patch", RepoPaths.Seed, "--kernel-tree", d.Dir("tree"), "--reports", d.Path("reports")], Bad, ["--patch and --kernel-tree both given"]),
        new("unknown model variant", d => Run(d, "--model-variant", "bogus"), Bad, ["--model-variant", "expected one of", "bogus"]),
        new("unknown option", d => Run(d, "--frobnicate"), Bad, ["--frobnicate"]),
        new("unknown verb", _ => ["frobnicate"], Bad, ["frobnicate"]),
        new("vectors glob matching nothing", d => Run(d, "--vectors", "nowhere/*.csv"), Bad, ["nowhere/*.csv", "expected at least one vector file"]),
        new("no patch anywhere", d => ["run", "--reports", d.Path("reports")], Bad, ["no patch given", "--patch FILE", "MPAM_PATCH"], Environment: "MPAM_PATCH="),
        new("MPAM_PATCH names a missing file", d => ["extract", "--out", d.Path("out")], Bad, ["{d}/missing.mbox: expected an existing, readable file", "MPAM_PATCH"],
            Environment: "MPAM_PATCH={d}/missing.mbox"),
        new("review record limit zero", d => ["review", "--patch", RepoPaths.Seed, "--fix", RepoPaths.Fix("iserr-after-alloc.diff"), "--reports", d.Path("reports"), "--record-limit", "0"],
            Bad, ["--record-limit", "at least 1", "got 0"]),
        new("review with nothing to compare", _ => ["review", "--patch", RepoPaths.Seed], Bad, ["expected at least one --fix DIFF, or --against PATCH"]),
        new("review --against missing", d => ["review", "--patch", RepoPaths.Seed, "--against", d.Path("v7.mbox"), "--reports", d.Path("reports")], Bad, ["{d}/v7.mbox: expected"]),
        new("review --run-id existing", d => { d.Write("reports/r/keep", "x"); return ["review", "--patch", RepoPaths.Seed, "--fix", RepoPaths.Fix("iserr-after-alloc.diff"), "--reports", d.Path("reports"), "--run-id", "r"]; },
            Bad, ["{d}/reports/r already exists"]),
        new("coverage --reports names a file", d => { d.Write("reports", "x"); return ["coverage", "--patch", RepoPaths.Seed, "--reports", d.Path("reports")]; }, Bad, ["--reports {d}/reports", "expected a folder"]),
        new("merge of a mutants.json that is not JSON", d => { d.Write("m1/mutants.json", "{ score: high"); return ["merge", d.Path("m1"), "--reports", d.Path("reports")]; },
            Bad, ["{d}/m1/mutants.json:1", "expected a mutation run's results as `conformance mutate` writes them"]),
        new("merge of a mutants.json without its shard", d => { d.Write("m1/mutants.json", "{\"patch\": \"p\", \"mutants\": []}"); return ["merge", d.Path("m1"), "--reports", d.Path("reports")]; },
            Bad, ["{d}/m1/mutants.json: expected a mutation run's results with their shard"]),
        new("merge of an explore.json whose vector leaves found/", d =>
            {
                d.Write("e1/explore.json", "{\"seed\": 1, \"blob\": \"b\", \"shard\": {\"index\": 1, \"count\": 1}, \"scenarios\": 1, " +
                                           "\"facts\": [{\"fact\": \"f\", \"sentence\": \"s\", \"rows\": 1, \"shows_at_row\": 1, \"vector\": \"found/../../etc/passwd.csv\", \"scenario\": 0}]}");
                return ["merge", d.Path("e1"), "--reports", d.Path("reports")];
            },
            Bad, ["{d}/e1/explore.json: expected an explore run's facts with their shard"]),
        new("merge --min-score of run shards", d => { d.Write("r1/run.json", "{}"); return ["merge", d.Path("r1"), "--min-score", "80", "--reports", d.Path("reports")]; },
            Bad, ["--min-score", "judges the shards of a mutation run"]),
        new("merge of a folder that does not exist", d => ["merge", d.Path("gone"), "--reports", d.Path("reports")],
            Bad, ["{d}/gone: expected a shard's report folder", "there is no such folder"]),
        new("mutate --min-score past 100%", d => ["mutate", "--patch", RepoPaths.Seed, "--min-score", "200", "--reports", d.Path("reports")],
            Bad, ["--min-score 200", "expected a percentage from 0 to 100"]),
        new("mutate --min-score NaN", d => ["mutate", "--patch", RepoPaths.Seed, "--min-score", "NaN", "--reports", d.Path("reports")],
            Bad, ["--min-score NaN", "expected a percentage"]),
        new("merge --min-score below 0 of mutation shards", d => { d.Write("m1/mutants.json", "{}"); return ["merge", d.Path("m1"), "--min-score", "-1", "--reports", d.Path("reports")]; },
            Bad, ["--min-score -1", "expected a percentage from 0 to 100"]),
        new("merge --fail-on of mutation shards", d => { d.Write("m1/mutants.json", "{}"); return ["merge", d.Path("m1"), "--fail-on", "leak", "--reports", d.Path("reports")]; },
            Bad, ["--fail-on", "use --min-score"]),
        new("merge of a run shard and a mutation shard", d => { d.Write("m1/mutants.json", "{}"); d.Write("r1/run.json", "{}"); return ["merge", d.Path("r1"), d.Path("m1"), "--reports", d.Path("reports")]; },
            Bad, ["{d}/r1: expected a mutation run's report folder like the others (mutants.json)"]),
        new("bench with no CPUs", _ => ["bench", "--cpus", "0", "--seconds", "0.01"], Bad, ["--cpus"], Environment: "MPAM_PATCH="),
        new("bench for NaN seconds", _ => ["bench", "--seconds", "NaN"], Bad, ["--seconds NaN", "expected a positive number"], Environment: "MPAM_PATCH="),

        // --- extract's output ---
        new("extract without --out", _ => ["extract", "--patch", RepoPaths.Seed], Bad, ["--out"]),
        new("extract --out a folder with content", d => { d.Write("out/keep.txt", "mine"); return Extract(d, RepoPaths.Seed); },
            Bad, ["--out {d}/out is a folder that is not empty", "extract never replaces or deletes anything"]),
        new("extract --out the current folder", d => { d.Write("notes.txt", "mine"); return ["extract", "--patch", RepoPaths.Seed, "--out", "."]; },
            Bad, ["--out {d} is a folder that is not empty"]),
        new("extract --out a file", d => ["extract", "--patch", RepoPaths.Seed, "--out", d.Write("out", "a file")], Bad, ["--out {d}/out: expected a new or empty folder, but it is a file"]),
        new("extract into an empty folder works", d => { d.Dir("out"); return Extract(d, RepoPaths.Seed); }, ExitCodes.Conforms, ["blob e698b534e3db"], MayCreate: ["out"]),
        new("a bad MPAM_PATCH does not break a good --patch", d => Extract(d, RepoPaths.Seed), ExitCodes.Conforms, ["blob e698b534e3db"], MayCreate: ["out"],
            Environment: "MPAM_PATCH=/dev/zero"),

        // --- patches ---
        new("patch is /dev/zero", d => Extract(d, "/dev/zero"), Bad, ["/dev/zero: expected a regular file", "character device"]),
        new("patch is a FIFO", d => Extract(d, d.Fifo("patch.fifo")), Bad, ["{d}/patch.fifo: expected a regular file", "FIFO"]),
        new("patch is a folder that is no kernel tree", d => Extract(d, d.Dir("patches")), Bad, ["{d}/patches: expected a kernel tree with " + File]),
        new("patch is missing", d => Extract(d, d.Path("nope.mbox")), Bad, ["{d}/nope.mbox: expected an existing, readable file"]),
        new("patch is a symlink loop", d => { d.Link("a.mbox", d.Path("b.mbox")); d.Link("b.mbox", d.Path("a.mbox")); return Extract(d, d.Path("a.mbox")); },
            Bad, ["{d}/a.mbox: expected a regular file", "symlink loop"]),
        new("patch is empty", d => Extract(d, d.Write("empty.diff", "")), Bad, ["{d}/empty.diff: expected a diff that creates or changes " + File]),
        new("patch is prose", d => Extract(d, d.Write("mail.txt", "Hi,\nlooks good to me.\n")), Bad, ["{d}/mail.txt: expected a diff that creates or changes"]),
        new("patch past the size cap", d => { var p = d.Path("huge.diff"); using (var f = System.IO.File.Create(p)) f.SetLength((64L << 20) + 1); return Extract(d, p); },
            Bad, ["{d}/huge.diff: expected at most 64 MiB of input"]),
        new("binary diff", d => Extract(d, d.Write("bin.diff", $"diff --git a/{File} b/{File}\nGIT binary patch\nliteral 0\n")), Bad, ["{d}/bin.diff:2: expected a text diff"]),
        new("hunk header garbage", d => Extract(d, d.Write("g.diff", $"--- /dev/null\n+++ b/{File}\n@@ -x +y @@\n+a\n")), Bad, ["{d}/g.diff:3: expected a hunk header"]),
        new("hunk header past int", d => Extract(d, d.Write("big.diff", $"--- /dev/null\n+++ b/{File}\n@@ -0,0 +1,99999999999 @@\n+a\n")),
            Bad, ["{d}/big.diff:3: expected line numbers and counts of at most", "99999999999"]),
        new("hunk truncated", d => Extract(d, d.Write("t.diff", Creates(5, "a", "b"))), Bad, ["{d}/t.diff:", "the hunk is truncated"]),
        new("hunk counts short, no index line", d => Extract(d, d.Write("short.diff", Creates(2, "a", "b", "c", "d"))),
            Bad, ["{d}/short.diff:8: expected the end of hunk", "its counts are short"]),
        new("two versions of the file in one mail", d => Extract(d, d.Write("two.diff", Creates(2, "a", "b") + "\n" + Creates(2, "c", "d"))),
            Bad, ["{d}/two.diff:11: expected one version of", "first at line 3"]),
        new("diff that changes the file, not creates it", d => Extract(d, d.Write("m.diff", Changes("@@ -1,1 +1,1 @@", "-a", "+b"))),
            Bad, ["{d}/m.diff:1: expected a diff that creates", "--kernel-tree"]),
        new("diff that deletes the file", d => Extract(d, d.Write("del.diff", $"--- a/{File}\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-a\n")),
            Bad, ["{d}/del.diff:1: expected a diff that creates or changes", "deletes it"]),
        new("blob id does not match the index line", d => Extract(d, d.Write("idx.diff", $"diff --git a/{File} b/{File}\nnew file mode 100644\nindex 0000000..1234567\n" +
            $"--- /dev/null\n+++ b/{File}\n@@ -0,0 +1,1 @@\n+a\n")), Bad, ["{d}/idx.diff:4: expected", "git blob id 1234567", "altered in transit"]),
        new("path leaving the tree", d => Extract(d, d.Write("dots.diff", "--- /dev/null\n+++ b/../../etc/passwd\n@@ -0,0 +1 @@\n+x\n")), Bad, ["{d}/dots.diff:2: expected a relative path inside the tree"]),
        new("absolute path", d => Extract(d, d.Write("abs.diff", "--- /dev/null\n+++ /etc/passwd\n@@ -0,0 +1 @@\n+x\n")), Bad, ["{d}/abs.diff:2: expected a relative path"]),
        new("file header with no hunk", d => Extract(d, d.Write("nohunk.diff", $"--- /dev/null\n+++ b/{File}\n")), Bad, ["{d}/nohunk.diff:1: expected at least one hunk"]),
        new("mbox without the file", d => Extract(d, d.Write("other.mbox", "From 1234 Mon Sep 17 00:00:00 2001\nSubject: [PATCH 1/1] other\n\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n")),
            Bad, ["{d}/other.mbox: expected a diff that creates or changes"]),
        // Found by `./build.sh fuzz patch`: the series position overflowed int.Parse.
        new("mbox subject with a huge patch number", d => Extract(d, d.Write("huge.mbox", "From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH 44444444444442/2] b\n\n" +
            Creates(1, "b"))), Bad, ["{d}/huge.mbox:2: expected a series position [PATCH n/m] with n of at most 9999"]),
        new("bytes that are not UTF-8 stay bytes", d => Extract(d, d.WriteBytes("latin1.diff", System.Text.Encoding.Latin1.GetBytes(Creates(1, "/* caf\u00e9 */")))),
            ExitCodes.Conforms, ["blob"], MayCreate: ["out"]),

        // --- fixes ---
        new("fix missing", d => ExtractFix(d, d.Path("nope.diff")), Bad, ["{d}/nope.diff: expected an existing, readable file"]),
        new("fix is /dev/zero", d => ExtractFix(d, "/dev/zero"), Bad, ["/dev/zero: expected a regular file"]),
        new("fix is a FIFO", d => ExtractFix(d, d.Fifo("fix.fifo")), Bad, ["{d}/fix.fifo: expected a regular file", "FIFO"]),
        new("fix for another file", d => ExtractFix(d, d.Write("o.diff", "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n")), Bad, ["{d}/o.diff: expected a fix that changes " + File]),
        new("fix whose context does not match", d => ExtractFix(d, d.Write("ctx.diff", Changes("@@ -1,2 +1,2 @@", " not the seed's first line", "-nor its second", "+x"))),
            Bad, ["{d}/ctx.diff:4: expected hunk @@ -1,2 +1,2 @@", "match nowhere else"]),
        new("fix that deletes the file", d => ExtractFix(d, d.Write("rm.diff", $"--- a/{File}\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-{SeedLine(1)}\n")),
            Bad, ["{d}/rm.diff:1: expected a fix that changes", "deletes it"]),
        new("fix that creates the file", d => ExtractFix(d, d.Write("new.diff", Creates(1, "a"))), Bad, ["{d}/new.diff:3: expected a fix that changes", "pass it as --patch"]),
        new("fix with a hunk at line 99999999999", d => ExtractFix(d, d.Write("far.diff", Changes("@@ -99999999999,6 +99999999999,6 @@", " a"))),
            Bad, ["{d}/far.diff:3: expected line numbers and counts of at most"]),
        new("fix with a truncated hunk", d => ExtractFix(d, d.Write("cut.diff", Changes("@@ -1,3 +1,3 @@", " " + SeedLine(1)))), Bad, ["{d}/cut.diff:", "truncated"]),

        // --- kernel trees ---
        new("tree missing", d => ExtractTree(d, d.Path("linux")), Bad, ["{d}/linux: expected a kernel tree", "does not exist"]),
        new("tree is a file", d => ExtractTree(d, d.Write("linux", "x")), Bad, ["{d}/linux: expected a kernel tree (a folder), but it is a file"]),
        new("tree without the file", d => ExtractTree(d, d.Dir("linux")), Bad, ["{d}/linux: expected a kernel tree with " + File]),
        new("tree file is a symlink loop", d => { var t = d.Dir("linux"); d.Link($"linux/{File}", d.Path($"linux/{File}")); return ExtractTree(d, t); },
            Bad, [$"{{d}}/linux/{File}: expected a regular file inside the kernel tree, but it is a symlink loop"]),
        new("tree file links to /dev/zero", d => { var t = d.Dir("linux"); d.Link($"linux/{File}", "/dev/zero"); return ExtractTree(d, t); },
            Bad, [$"{{d}}/linux/{File}: expected a file inside the kernel tree", "symlinks may not leave the tree"]),
        new("tree file links to /etc/passwd", d => { var t = d.Dir("linux"); d.Link($"linux/{File}", "/etc/passwd"); return ExtractTree(d, t); },
            Bad, ["resolves to /etc/passwd"]),
        new("tree file is a FIFO", d => { var t = d.Dir("linux"); d.Fifo($"linux/{File}"); return ExtractTree(d, t); }, Bad, [$"{{d}}/linux/{File}: expected a regular file", "FIFO"]),
        new("tree header links outside", d => { var t = d.Tree("linux", withHeader: false); d.Link("linux/drivers/resctrl/mpam_internal.h", "/etc/hostname"); return ExtractTree(d, t); },
            Bad, ["mpam_internal.h: expected a file inside the kernel tree"]),
        new("tree header is a FIFO", d => { var t = d.Tree("linux", withHeader: false); d.Fifo("linux/drivers/resctrl/mpam_internal.h"); return ExtractTree(d, t); },
            Bad, ["mpam_internal.h: expected a regular file", "FIFO"]),

        // --- vectors ---
        new("vector header wrong", d => RunVectors(d, "scenario,op\n"), Bad, ["vectors/v.csv:1:", "expected the header line"]),
        new("vector op unknown", d => RunVectors(d, Header + "s,explode,,,,,,\n"), Bad, ["vectors/v.csv:2:3: expected"]),
        new("vector scenario name with a control character", d => RunVectors(d, Header + "\"a\u0007b\",topology,cpus=4,,,,,\n"), Bad, ["vectors/v.csv:2:2: expected a scenario name", "printable"]),
        new("vector scenario name with a line break", d => RunVectors(d, Header + "\"a\nb\",topology,cpus=4,,,,,\n"), Bad, ["vectors/v.csv:2:2: expected a scenario name"]),
        new("vector scenario rows not contiguous", d => RunVectors(d, Header + "a,topology,cpus=4,,,,,\nb,topology,cpus=4,,,,,\na,setup,,,,,,\n"),
            Bad, ["vectors/v.csv:4:1: expected scenario names unique per file"]),
        new("vector quote unterminated", d => RunVectors(d, Header + "a,topology,\"cpus=4,,,,,\n"), Bad, ["vectors/v.csv:2:", "closing quote"]),
        new("vector not UTF-8", d => Run(d, "--vectors", Path.GetRelativePath(d.Root, d.WriteBytes("vectors/v.csv", [.. System.Text.Encoding.UTF8.GetBytes(Header), 0xff, 0xfe, (byte)'\n']))),
            Bad, ["vectors/v.csv:2:1: expected UTF-8 text", "not UTF-8 here"]),
        // The column counts characters: "caf\u00e9 " is five, in six bytes.
        new("vector not UTF-8 inside a line", d => Run(d, "--vectors", Path.GetRelativePath(d.Root, d.WriteBytes("vectors/v.csv",
                [.. System.Text.Encoding.UTF8.GetBytes(Header + "s,topology,cpus=4\ns,note,caf\u00e9 "), 0xc3, (byte)'x', (byte)'\n']))),
            Bad, ["vectors/v.csv:3:13: expected UTF-8 text"]),
        new("vector not UTF-8 after a byte order mark", d => Run(d, "--vectors", Path.GetRelativePath(d.Root, d.WriteBytes("vectors/v.csv",
                [0xef, 0xbb, 0xbf, (byte)'s', (byte)'c', 0xff]))),
            Bad, ["vectors/v.csv:1:3: expected UTF-8 text"]),
        new("vector is a FIFO", d => { d.Fifo("vectors/v.csv"); return Run(d, "--vectors", "vectors/v.csv"); }, Bad, ["vectors/v.csv: expected a regular file", "FIFO"]),
        new("vector links to /dev/zero", d => { d.Link("vectors/v.csv", "/dev/zero"); return Run(d, "--vectors", "vectors/v.csv"); }, Bad, ["vectors/v.csv: expected a regular file", "character device"]),
        new("vector with a byte order mark runs", d => Run(d, "--vectors", Path.GetRelativePath(d.Root, d.WriteBytes("vectors/v.csv",
            [0xef, 0xbb, 0xbf, .. System.Text.Encoding.UTF8.GetBytes(Header + "s,topology,cpus=4,,,,,\n")]))), ExitCodes.Conforms, [], MayCreate: ["reports"]),
        new("coverage over a broken vector", d => ["coverage", "--patch", RepoPaths.Seed, "--reports", d.Path("reports"), "--vectors",
            Path.GetRelativePath(d.Root, d.Write("vectors/v.csv", Header + "s,explode,,,,,,\n"))], Bad, ["vectors/v.csv:2:3: expected"]),
    ];
}
