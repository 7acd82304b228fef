using System.Globalization;

namespace Conformance.ReferenceBuild;

/// <summary>
/// The reference builds kept under build/ref (and their extracted sources under build/src), held
/// to a size: every patch, fix, mutant and version of reference-c builds anew, and a mutation run
/// alone leaves some 250 builds of 2.4 MB, so a cache that only grows fills a disk within weeks.
/// When the builds pass the limit, those used longest ago go first, as ccache does; a build used
/// in the last hour stays whatever the size (a run may be about to load it, or building it now).
/// </summary>
public static class BuildCache
{
    /// <summary>The limit, in bytes with an optional K, M, G or T; 2G when unset.</summary>
    public const string LimitVariable = "MPAM_REF_CACHE_MAX";

    public const long DefaultLimit = 2L << 30;

    /// <summary>How long a build stays after its last use, whatever the limit.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    // The file whose time says when a build was last asked for: Build touches it on every call.
    private const string UsedMarker = "used";

    /// <summary>Build <paramref name="entry"/> (a folder of build/ref) was asked for now.</summary>
    public static void Touch(string entry)
    {
        Directory.CreateDirectory(entry);
        var marker = Path.Combine(entry, UsedMarker);
        try
        {
            using (File.Open(marker, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite)) { }
            File.SetLastWriteTimeUtc(marker, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // Another run touching it at the same moment says the same thing.
        }
    }

    /// <summary>
    /// A library about to be loaded by its path: when it is one of the cache's builds
    /// (build/ref/KEY/FLAVOUR/lib, its folder marked used), it is marked used now, so that a run
    /// still starting workers an hour on does not see its build pruned under it. A library of the
    /// user's own (--lib) is left alone.
    /// </summary>
    public static void InUse(string library)
    {
        var entry = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(library)));
        if (entry is not null && Path.GetFileName(Path.GetDirectoryName(entry)) == "ref" && File.Exists(Path.Combine(entry, UsedMarker)))
            Touch(entry);
    }

    private static int _prunedThisProcess;

    /// <summary>
    /// Once per process, after a build was compiled (the only moment the cache grows): prune to
    /// the limit <see cref="LimitVariable"/> sets. Best effort: a folder that cannot be removed stays.
    /// </summary>
    public static void PruneOnce(string root)
    {
        if (Interlocked.Exchange(ref _prunedThisProcess, 1) == 0)
            Prune(root, Limit, Grace, DateTime.UtcNow);
    }

    /// <summary>
    /// The limit the environment sets, read once. Asked before anything is built, so that a value
    /// that is not a size stops the run before its work, not after.
    /// </summary>
    public static long Limit => _limit.Value;

    private static readonly Lazy<long> _limit = new(() => ParseLimit(Environment.GetEnvironmentVariable(LimitVariable)));

    public static long ParseLimit(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return DefaultLimit;
        var value = text.Trim();
        int shift = char.ToUpperInvariant(value[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        var digits = shift == 0 ? value : value[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long number) || number > long.MaxValue >> shift)
            throw new BuildCacheLimitException(
                $"{LimitVariable}={text}: expected a size in bytes, with an optional K, M, G or T (e.g. 500M or 2G)");
        return number << shift;
    }

    /// <summary>What a prune removed.</summary>
    public sealed record Pruned(IReadOnlyList<string> Builds, long Bytes);

    /// <summary>
    /// Removes the builds of <paramref name="root"/>/build/ref used longest ago until the rest fit
    /// in <paramref name="limit"/> bytes (with each its extracted sources), leaving any used within
    /// <paramref name="grace"/> of <paramref name="now"/>; and what killed runs left behind that long
    /// ago (a half-extracted source, sources whose build is gone, a folder a prune was removing).
    /// </summary>
    public static Pruned Prune(string root, long limit, TimeSpan grace, DateTime now)
    {
        var refs = Path.Combine(root, "build", "ref");
        var sources = Path.Combine(root, "build", "src");
        var removed = new List<string>();
        long bytes = 0;
        if (!Directory.Exists(refs))
            return new Pruned(removed, 0);

        var entries = new List<(string Path, string Key, DateTime LastUse, long Size)>();
        foreach (var dir in Directory.EnumerateDirectories(refs))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.'))
            {
                if (now - LastUse(dir) > grace)
                    Remove(dir);                                    // a prune's folder a killed run left
                continue;
            }
            var source = Path.Combine(sources, name);
            entries.Add((dir, name, LastUse(dir), SizeOf(dir) + (Directory.Exists(source) ? SizeOf(source) : 0)));
        }

        long total = entries.Sum(e => e.Size);
        foreach (var entry in entries.OrderBy(e => e.LastUse))
        {
            if (total <= limit || now - entry.LastUse <= grace)
                break;                                              // the rest were used later still
            // Moved aside first, in one step: a run asking for this build from now on builds it anew
            // instead of finding half of it.
            var aside = Path.Combine(refs, $".pruned-{entry.Key}-{Guid.NewGuid():N}");
            try
            {
                Directory.Move(entry.Path, aside);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            Remove(aside);
            Remove(Path.Combine(sources, entry.Key));
            removed.Add(entry.Key);
            bytes += entry.Size;
            total -= entry.Size;
        }

        // Sources with no build to go with them, and extractions a killed run left half done.
        if (Directory.Exists(sources))
            foreach (var dir in Directory.EnumerateDirectories(sources))
                if (!Directory.Exists(Path.Combine(refs, Path.GetFileName(dir))) && now - LastUse(dir) > grace)
                    Remove(dir);
        return new Pruned(removed, bytes);
    }

    // The latest time the folder or a file directly in it was written: a build's stamps, its marker.
    private static DateTime LastUse(string dir)
    {
        var last = Directory.GetLastWriteTimeUtc(dir);
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            var written = File.GetLastWriteTimeUtc(file);
            if (written > last)
                last = written;
        }
        return last;
    }

    private static long SizeOf(string dir)
    {
        long size = 0;
        foreach (var file in new DirectoryInfo(dir).EnumerateFiles("*", SearchOption.AllDirectories))
            size += file.Length;
        return size;
    }

    private static void Remove(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next prune.
        }
    }
}

/// <summary>The cache limit in the environment is not a size: the user's to fix (exit 2).</summary>
public sealed class BuildCacheLimitException(string message) : Exception(message);
