using System.Text;

namespace Conformance.Tests.TestSupport;

/// <summary>
/// Vectors of 12 CPUs in two L3 components of six, for the tests of what a run records. <see cref="Csv"/>:
/// 5 platform rows and setup, steps 0-5, then rows that online and offline all 12 CPUs in turn, 12 steps each.
/// </summary>
public static class TwelveCpuRows
{
    // The header, the CPUs and the L3 class of two components (0-5, 6-11): what every vector here starts with.
    private const string CpusAndL3 = """
        scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
        s,topology,cpus=12,,,,,
        s,class,id=0 type=cache level=3,,,,,
        s,component,class=0 id=0 cpus=0-5,,,,,
        s,component,class=0 id=1 cpus=6-11,,,,,

        """;

    /// <summary>
    /// The same CPUs and L3, with an MBA class of one component that is not alloc_capable (its
    /// domain goes on no list: the seed leaks one at each online), up to and with setup.
    /// </summary>
    public const string WithUnlistedMba = CpusAndL3 + """
        s,class,id=1 type=memory,,,,,
        s,component,class=1 id=1 cpus=0-11,,,,,
        s,map,res=L3 class=0 alloc_capable=1,,,,,
        s,map,res=MBA class=1 alloc_capable=0,,,,,
        s,setup,,,,,,

        """;

    /// <summary>The header, the platform rows and setup (steps 0-5): L3 domain 0 over CPUs 0-5, 1 over 6-11.</summary>
    public const string Platform = CpusAndL3 + """
        s,map,res=L3 class=0 alloc_capable=1,,,,,
        s,setup,,,,,,

        """;

    /// <param name="after">Rows put in after the first half of the rows.</param>
    public static string Csv(int rows, string? after = null)
    {
        var csv = new StringBuilder(Platform);
        for (int row = 0; row < rows; row++)
        {
            csv.Append(row % 2 == 0 ? "s,online,cpus=0-11,,,,,\n" : "s,offline,cpus=11-0,,,,,\n");
            if (row == rows / 2 - 1 && after is not null)
                csv.Append(after);
        }
        return csv.ToString();
    }
}
