using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Conformance.Observation;
using Conformance.ReferenceBuild;
using Conformance.Reports;
using Conformance.Sandbox;
using Conformance.Stress;
using Conformance.Vectors;

namespace Conformance.Cli;

/// <summary>
/// `conformance stress`: the patch's code built against a real RCU (Debian's liburcu), reader
/// threads walking the domain lists as the filesystem does while the vectors' hotplug and setup
/// steps run on another thread, under ThreadSanitizer and then AddressSanitizer. Every report is
/// mapped to the step it came in and the patch's line. Exit 0 when neither sanitizer reports, 1
/// when one does.
/// </summary>
public static class StressCommand
{
    public static Command Create()
    {
        var patch = new PatchOptions();
        var suite = new SuiteOptions();
        var readers = new Option<int>("--readers") { Description = "reader threads (1 to 16)", DefaultValueFactory = _ => 2 };
        var limit = new Option<int>("--minutes") { Description = "how long each sanitizer's run may take", DefaultValueFactory = _ => 10 };
        var command = new Command("stress", "Run the vectors' steps against reader threads under a real RCU, with ThreadSanitizer and AddressSanitizer.")
        {
            readers, limit,
        };
        patch.AddTo(command);
        suite.AddTo(command);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(readers) is < 1 or > 16)
                throw new UsageException($"--readers: expected 1 to 16, got {parsed.GetValue(readers)}");
            if (parsed.GetValue(limit) < 1)
                throw new UsageException($"--minutes: expected a positive number, got {parsed.GetValue(limit)}");
            var source = patch.SourceOf(parsed);
            var fixes = patch.FixesOf(parsed);
            var folder = suite.Reserve(parsed);
            return FolderedWork.Run(folder, "conformance-stress-", scratch =>
            {
                var logs = new List<(string Name, string Text)>();
                var found = new List<SanitizerReport>();
                string? steps = null;
                foreach (var flavor in new[] { Flavor.StressTsan, Flavor.StressAsan })
                {
                    var built = ReferenceBuilder.Build(source, fixes, flavor);
                    steps ??= StepFile(built.SourceDirectory, parsed.GetValue(suite.Vectors) ?? [], parsed.GetValue(suite.Exclude) ?? [], scratch);
                    var stderr = Run(built, steps, parsed.GetValue(readers), TimeSpan.FromMinutes(parsed.GetValue(limit)), scratch);
                    var name = flavor == Flavor.StressTsan ? "tsan" : "asan";
                    logs.Add(($"{name}.log", string.Join('\n', stderr) + "\n"));
                    var reportsOf = SanitizerReports.Parse(stderr, Intake.PatchIntake.PatchedFile);
                    found.AddRange(reportsOf);
                    bool finished = stderr.Contains("stress: done");
                    Console.Error.WriteLine($"stress ({name}): {reportsOf.Count} report(s){(finished || reportsOf.Count > 0 ? "" : ", and the run did not finish")}");
                    foreach (var r in reportsOf)
                        Console.Error.WriteLine($"    {r.Tool}: {r.What} during {r.Step}{(r.PatchFrame is null ? "" : $", in {r.PatchFrame}")}");
                }
                var published = folder.Publish([.. logs.Select(l => (l.Name, (Action<string>)(path => File.WriteAllText(path, l.Text)))),
                    ("stress.json", path => File.WriteAllText(path, JsonSerializer.Serialize(found.Select(r => new { tool = r.Tool, what = r.What, step = r.Step, patch_frame = r.PatchFrame }),
                        new JsonSerializerOptions { WriteIndented = true })))]);
                Console.Error.WriteLine($"conformance stress: {found.Count} sanitizer report(s) with {parsed.GetValue(readers)} reader thread(s). Reports: {published.Folder}");
                return RunExecution.Verdict(found.Count > 0 ? ExitCodes.Divergence : ExitCodes.Conforms, published);
            });
        });
        return command;
    }

    // The vectors as a step file (the one reader reads them), with the revision's resources.
    private static string StepFile(string sourceDirectory, IReadOnlyList<string> includes, IReadOnlyList<string> excludes, string scratch)
    {
        var revision = Model.RevisionFacts.Of(sourceDirectory);
        var family = Model.ModelFamilies.Pick(revision.Defined).Family;
        var root = Directory.GetCurrentDirectory();
        var files = VectorSelection.Select(root, includes, excludes, family.Name);
        if (files.Count == 0)
            throw new UsageException($"--vectors: expected at least one vector file under {root}");
        var profile = revision.Profile(ResourceProfile.Default);
        var path = Path.Combine(scratch, "stress.steps");
        StepFileWriter.Write(path, VectorLoader.Load(root, files, profile), profile);
        return path;
    }

    // The stress program runs the patch's code: sandboxed, its wait bounded.
    private static List<string> Run(BuiltReference built, string steps, int readers, TimeSpan limit, string scratch)
    {
        var inner = new ProcessStartInfo(built.StressPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--readers", readers.ToString(), steps })
            inner.ArgumentList.Add(a);
        var environment = new Dictionary<string, string>
        {
            ["TSAN_OPTIONS"] = "halt_on_error=0 report_signal_unsafe=0",
            ["ASAN_OPTIONS"] = "detect_leaks=0 halt_on_error=1",
        };
        using var process = Process.Start(Bubblewrap.Wrap(inner, new SandboxSpec([built.OutputDirectory, built.SourceDirectory, scratch], [scratch], scratch, environment)))!;
        var lines = new List<string>();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var reader = Task.Run(() =>
        {
            string? line;
            while ((line = process.StandardError.ReadLine()) is not null)
                lock (lines)
                    lines.Add(line);
        });
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            lock (lines)
                lines.Add($"stress: stopped after {limit.TotalMinutes:0} minutes");
        }
        reader.Wait(10_000);
        lock (lines)
            return [.. lines];
    }
}
