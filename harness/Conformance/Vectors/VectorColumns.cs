namespace Conformance.Vectors;

/// <summary>The columns of a vector file, in order; the header must be exactly these names.</summary>
internal static class VectorColumns
{
    public const int Scenario = 0, Op = 1, Args = 2, ExpectRc = 3, ExpectDomains = 4, ExpectEvents = 5, ExpectCounters = 6, Note = 7;

    public static readonly string[] Header =
        ["scenario", "op", "args", "expect_rc", "expect_domains", "expect_events", "expect_counters", "note"];

    public static string HeaderLine => string.Join(",", Header);
}
