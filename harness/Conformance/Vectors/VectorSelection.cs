using Microsoft.Extensions.FileSystemGlobbing;

namespace Conformance.Vectors;

/// <summary>
/// Which vector files a run reads: <c>--vectors GLOB</c> (repeatable; by default the model
/// family's own folder, <c>vectors/FAMILY/**/*.csv</c>) minus <c>--exclude GLOB</c>.
/// </summary>
public static class VectorSelection
{
    public const string DefaultInclude = "vectors/FAMILY/**/*.csv, FAMILY the model family";

    /// <summary>The suite of a model family: its folder under vectors/.</summary>
    public static string DefaultFor(string family) => $"vectors/{family}/**/*.csv";

    /// <summary>
    /// The matching files relative to <paramref name="baseDirectory"/>, with '/' separators, in
    /// ordinal order (so a run's order does not depend on the file system). A rooted glob is
    /// taken relative to <paramref name="baseDirectory"/>.
    /// </summary>
    public static IReadOnlyList<string> Select(string baseDirectory, IReadOnlyCollection<string> includes, IReadOnlyCollection<string> excludes,
        string family)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        foreach (var glob in includes.Count == 0 ? [DefaultFor(family)] : includes)
            matcher.AddInclude(Pattern(baseDirectory, glob));
        foreach (var glob in excludes)
            matcher.AddExclude(Pattern(baseDirectory, glob));
        return matcher.GetResultsInFullPath(baseDirectory)
            .Select(path => Path.GetRelativePath(baseDirectory, path).Replace('\\', '/'))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    // The glob relative to the base; a folder that exists, as every .csv under it.
    private static string Pattern(string baseDirectory, string glob)
    {
        var relative = Path.IsPathRooted(glob) ? Path.GetRelativePath(baseDirectory, glob) : glob;
        return Directory.Exists(Path.Combine(baseDirectory, relative)) ? relative.TrimEnd('/') + "/**/*.csv" : relative;
    }
}
