using Conformance.Results;

namespace Conformance.Cli;

/// <summary><c>--fail-on leak,warn,rule,invariant</c>: the kinds of finding that make a conforming run exit 1.</summary>
public static class FailOnOption
{
    public static string Description => $"fail (exit 1) on findings of these kinds, comma-separated: {string.Join(",", FindingCategories.All)}";

    public static IReadOnlySet<string> Check(string? value)
    {
        if (value is null)
            return new HashSet<string>();
        var kinds = value.Split(',', StringSplitOptions.TrimEntries);
        foreach (var kind in kinds)
            if (!FindingCategories.All.Contains(kind))
                throw new UsageException($"--fail-on {value}: expected a comma-separated list of {string.Join(", ", FindingCategories.All)}, got '{kind}'");
        return kinds.ToHashSet(StringComparer.Ordinal);
    }
}
