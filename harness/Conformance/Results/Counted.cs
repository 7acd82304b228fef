namespace Conformance.Results;

/// <summary>A count with its noun, singular for one: "1 scenario", "6 steps", "58 findings".</summary>
public static class Counted
{
    public static string Of(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
