using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Conformance.Intake;
using Conformance.Sandbox;

namespace Conformance.ReferenceBuild;

/// <summary>
/// How the reference is compiled: for the lockstep, for a mutant (release's code without debug
/// information: quicker to build, run once), under ASan+UBSan, for gcov, or for the stress run (a
/// real RCU, under TSan or ASan).
/// </summary>
public enum Flavor { Release, Mutant, Sanitize, Coverage, StressTsan, StressAsan }

/// <summary>A built reference: the library, the pure-C replay, and the source it was built from.</summary>
public sealed record BuiltReference(string LibraryPath, string ReplayPath, string SourceDirectory, string OutputDirectory, string Key, string BlobId)
{
    /// <summary>The stress flavours' reader-threads program (reference-c/stress).</summary>
    public string StressPath => Path.Combine(OutputDirectory, "stress");

    /// <summary>
    /// What the compiler warned about that a kernel build at W=0 does not make an error (a dead
    /// label, an unused variable): worth a reviewer's eye, not a reason to refuse the build.
    /// One line each, "file:line: text".
    /// </summary>
    public IReadOnlyList<string> Warnings =>
        File.Exists(Path.Combine(OutputDirectory, "warnings.txt"))
            ? File.ReadAllLines(Path.Combine(OutputDirectory, "warnings.txt"))
                .Select(l => l.StartsWith(WarningPrefix, StringComparison.Ordinal) ? l[WarningPrefix.Length..] : l).ToList()
            : [];

    private const string WarningPrefix = "reference-c: warning: ";
}

/// <summary>
/// The reference did not build. <see cref="Missing"/> lists the kernel headers, symbols and
/// members the stand-ins lack (reference-c's own summary), not the compiler's output, which is in the log.
/// </summary>
public sealed class ReferenceBuildException(IReadOnlyList<string> missing, string log)
    : Exception(missing.Count > 0
        ? $"the reference does not build: the patch needs kernel APIs the stand-ins lack:\n  {string.Join("\n  ", missing)}\nfull log: {log}"
        : $"the reference does not build; full log: {log}")
{
    public IReadOnlyList<string> Missing { get; } = missing;
    public string Log { get; } = log;
}

/// <summary>
/// Patch (and fixes) in, built reference out: extracted into build/src/&lt;key&gt;, built by
/// reference-c's Makefile into build/ref/&lt;key&gt;/&lt;flavor&gt;. The key hashes the extracted sources
/// and every file of reference-c, so a changed patch, fix or stand-in builds anew and anything
/// else is reused. What no patch changes is compiled once per version of reference-c and linked
/// into every patch's build. The builds are held to a size (<see cref="BuildCache"/>).
/// </summary>
public static class ReferenceBuilder
{
    public static BuiltReference Build(PatchSource source, IReadOnlyList<string> fixes, Flavor flavor)
    {
        var root = RepoRoot.Find();
        _ = BuildCache.Limit;                                       // a limit that is not a size stops the run here
        var staging = Path.Combine(root, "build", "src", $".extract-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var extracted = PatchIntake.Extract(source, fixes, staging);
        var key = KeyOf((staging, "src"), (Path.Combine(root, "reference-c"), "reference-c"));
        var sourceDir = Path.Combine(root, "build", "src", key);
        if (!Directory.Exists(sourceDir))
        {
            try
            {
                Directory.Move(staging, sourceDir);
            }
            catch (IOException) when (Directory.Exists(sourceDir))
            {
                // another run extracted the same sources first: theirs are ours
            }
        }
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);

        var name = NameOf(flavor);
        var output = Path.Combine(root, "build", "ref", key, name);
        var built = new BuiltReference(Path.Combine(output, "libmpamref.so"), Path.Combine(output, "replay"), sourceDir, output, key, extracted.BlobId);
        // A stamp written after make succeeded says the build is whole; runs that need the same
        // build at once (parallel test processes, two terminals) take turns on a lock file, and the
        // second finds the first's stamp. The objects stay where they were compiled: a coverage
        // build's counters are written next to them.
        var stamp = Path.Combine(root, "build", "ref", key, $"{name}.built");
        BuildCache.Touch(Path.Combine(root, "build", "ref", key));
        if (File.Exists(stamp))
            return built;
        using var turn = BuildLock.Take(Path.Combine(root, "build", "ref", key, $"{name}.lock"), MakeTimeout + TimeSpan.FromMinutes(1));
        if (File.Exists(stamp))
            return built;
        // A coverage build's counters are written beside its objects, so it compiles its own; a
        // mutant links release's stand-ins (only the patch's file differs, and it is the one compiled).
        var common = flavor switch
        {
            Flavor.Coverage => null,
            Flavor.Mutant => CommonObjects(root, NameOf(Flavor.Release)),
            _ => CommonObjects(root, name),
        };
        Make(root, "lib", output, name, Path.Combine(root, "build", "ref", key, $"{name}.log"), source: sourceDir, common: common);
        File.WriteAllText(stamp, "");
        BuildCache.PruneOnce(root);                                 // the cache grew: held to its size
        return built;
    }

    /// <summary>
    /// The objects no patch changes (the stand-ins, the replay's reader), compiled once per
    /// flavour and version of reference-c into build/ref/common-&lt;key&gt;/&lt;flavour&gt;: every
    /// patch's build links them from there, read-only, so a mutant or a fix builds only its own file.
    /// </summary>
    public static string CommonObjects(Flavor flavor) => CommonObjects(RepoRoot.Find(), NameOf(flavor));

    private static string CommonObjects(string root, string flavor)
    {
        var folder = Path.Combine(root, "build", "ref", "common-" + KeyOf((Path.Combine(root, "reference-c"), "reference-c")));
        var output = Path.Combine(folder, flavor);
        var stamp = Path.Combine(folder, $"{flavor}.built");
        BuildCache.Touch(folder);
        if (File.Exists(stamp))
            return output;
        using var turn = BuildLock.Take(Path.Combine(folder, $"{flavor}.lock"), MakeTimeout + TimeSpan.FromMinutes(1));
        if (File.Exists(stamp))
            return output;
        Make(root, "common", output, flavor, Path.Combine(folder, $"{flavor}.log"), source: null, common: null);
        File.WriteAllText(stamp, "");
        return output;
    }

    // The flavour as reference-c's Makefile names it.
    private static string NameOf(Flavor flavor) =>
        flavor switch { Flavor.StressTsan => "stress-tsan", Flavor.StressAsan => "stress-asan", _ => flavor.ToString().ToLowerInvariant() };

    /// <summary>How long compiling one flavour may take before it counts as hung (the seed builds in about 2 s).</summary>
    public static readonly TimeSpan MakeTimeout = TimeSpan.FromMinutes(5);

    // The compiler reads the patch, and a patch can #include any path: make runs in the sandbox,
    // seeing only the toolchain, reference-c and the extracted source, and writing only its output.
    private static void Make(string root, string goal, string output, string flavor, string log, string? source, string? common)
    {
        var inner = new ProcessStartInfo("/usr/bin/make") { RedirectStandardOutput = true, RedirectStandardError = true };
        var referenceC = Path.Combine(root, "reference-c");
        foreach (var arg in new[] { "-s", "-C", referenceC, goal, $"OUT={output}", $"FLAVOR={flavor}" })
            inner.ArgumentList.Add(arg);
        if (source is not null)
            inner.ArgumentList.Add($"SRC={source}");
        if (common is not null)
            inner.ArgumentList.Add($"COMMON={common}");
        // No stamp, so no build here finished: what a build killed midway left (an object cut short
        // but newer than its source, which make would take as made) goes before make starts.
        if (Directory.Exists(output))
            Directory.Delete(output, recursive: true);
        Directory.CreateDirectory(output);
        string[] readable = [referenceC, .. new[] { source, common }.OfType<string>()];
        using var make = Process.Start(Bubblewrap.Wrap(inner, new SandboxSpec(readable, [output], referenceC)))!;
        var stdout = make.StandardOutput.ReadToEndAsync();
        var stderrRead = make.StandardError.ReadToEndAsync();
        if (!make.WaitForExit(MakeTimeout))
        {
            make.Kill(entireProcessTree: true);
            make.WaitForExit(10_000);
            throw new ReferenceBuildException([$"reference-c: the build did not finish within {MakeTimeout.TotalMinutes:0} minutes and was stopped"], log);
        }
        var stderr = stderrRead.Wait(10_000) ? stderrRead.Result : "";
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        File.WriteAllText(log, (stdout.Wait(10_000) ? stdout.Result : "") + stderr);
        if (make.ExitCode != 0)
        {
            // A failed build leaves no half-built library that a later run would take as built.
            foreach (var file in new[] { "libmpamref.so", "replay", "stress" })
                File.Delete(Path.Combine(output, file));
            throw new ReferenceBuildException(
                stderr.Split('\n').Where(l => l.StartsWith("reference-c: missing", StringComparison.Ordinal)
                                               || l.StartsWith("reference-c: unclassified", StringComparison.Ordinal)).Distinct().ToList(), log);
        }
    }

    // Every file of the folders, by its path under its label, and its content.
    private static string KeyOf(params (string Dir, string Label)[] folders)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (dir, label) in folders)
            foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
                         .Where(f => Path.GetFileName(f) != "intake.json")
                         .Order(StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"{label}/{Path.GetRelativePath(dir, file)}\0"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
