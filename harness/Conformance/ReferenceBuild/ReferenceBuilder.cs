using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Conformance.Intake;

namespace Conformance.ReferenceBuild;

public enum Flavor { Release, Sanitize, Coverage }

/// <summary>A built reference: the library, the pure-C replay, and the source it was built from.</summary>
public sealed record BuiltReference(string LibraryPath, string ReplayPath, string SourceDirectory, string OutputDirectory, string Key, string BlobId);

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
/// else is reused.
/// </summary>
public static class ReferenceBuilder
{
    public static BuiltReference Build(PatchSource source, IReadOnlyList<string> fixes, Flavor flavor)
    {
        var root = RepoRoot.Find();
        var staging = Path.Combine(root, "build", "src", $".extract-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var extracted = PatchIntake.Extract(source, fixes, staging);
        var key = KeyOf(staging, Path.Combine(root, "reference-c"));
        var sourceDir = Path.Combine(root, "build", "src", key);
        if (Directory.Exists(sourceDir))
            Directory.Delete(staging, recursive: true);
        else
            Directory.Move(staging, sourceDir);

        var name = flavor.ToString().ToLowerInvariant();
        var output = Path.Combine(root, "build", "ref", key, name);
        var built = new BuiltReference(Path.Combine(output, "libmpamref.so"), Path.Combine(output, "replay"), sourceDir, output, key, extracted.BlobId);
        if (File.Exists(built.LibraryPath) && File.Exists(built.ReplayPath))
            return built;
        Make(root, sourceDir, output, name, Path.Combine(root, "build", "ref", key, $"{name}.log"));
        return built;
    }

    private static void Make(string root, string source, string output, string flavor, string log)
    {
        var start = new ProcessStartInfo("make")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-s", "-C", Path.Combine(root, "reference-c"), "lib", $"SRC={source}", $"OUT={output}", $"FLAVOR={flavor}" })
            start.ArgumentList.Add(arg);
        using var make = Process.Start(start)!;
        var stdout = make.StandardOutput.ReadToEndAsync();
        var stderr = make.StandardError.ReadToEnd();
        make.WaitForExit();
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        File.WriteAllText(log, stdout.Result + stderr);
        if (make.ExitCode != 0)
            throw new ReferenceBuildException(
                stderr.Split('\n').Where(l => l.StartsWith("reference-c: missing", StringComparison.Ordinal)).Distinct().ToList(), log);
    }

    private static string KeyOf(string extracted, string referenceC)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (dir, label) in new[] { (extracted, "src"), (referenceC, "reference-c") })
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
