using Conformance.Results;

namespace Conformance.Cli;

/// <summary><c>--fail-on leak,warn,rule,invariant</c>: the kinds of finding that make a conforming run exit 1.</summary>
public static class FailOnOption
{
    public static string Description => $"fail (exit 1) on findings of these kinds, comma-separated: {string.Join(",", FindingCategories.All)}";

    /// <summary>The kinds named, each one of <paramref name="allowed"/> (by default the finding categories).</summary>
    public static IReadOnlySet<string> Check(string? value, IReadOnlyList<string>? allowed = null)
    {
        allowed ??= FindingCategories.All;
        if (value is null)
            return new HashSet<string>();
        var kinds = value.Split(',', StringSplitOptions.TrimEntries);
        foreach (var kind in kinds)
            if (!allowed.Contains(kind))
                throw new UsageException($"--fail-on {value}: expected a comma-separated list of {string.Join(", ", allowed)}, got '{kind}'");
        return kinds.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>What a review may fail on: regressions, and the finding categories a fix adds.</summary>
    public static IReadOnlyList<string> ForReview { get; } = [FindingCategories.Regression, .. FindingCategories.All];
}
