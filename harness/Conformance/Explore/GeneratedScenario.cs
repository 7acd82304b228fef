using System.Text;

namespace Conformance.Explore;

/// <summary>One row of a generated scenario: an op and its arguments, as a vector writes them.</summary>
public sealed record GeneratedRow(string Op, string Args);

/// <summary>
/// A generated scenario: rows in vector order, valid by construction (the topology first, every
/// CPU below its count, components and maps naming declared classes). It is a vector file of its own.
/// </summary>
public sealed record GeneratedScenario(IReadOnlyList<GeneratedRow> Rows)
{
    /// <summary>The steps the hotplug and fault ops make, the platform description aside.</summary>
    public int Steps => Rows.Count;

    public static string Csv(IEnumerable<(string Name, GeneratedScenario Scenario)> scenarios, IReadOnlyDictionary<string, IReadOnlyList<string>>? expectations = null)
    {
        var csv = new StringBuilder(expectations is null ? "scenario,op,args\n" : "scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note\n");
        foreach (var (name, scenario) in scenarios)
            for (int i = 0; i < scenario.Rows.Count; i++)
            {
                csv.Append(name).Append(',').Append(scenario.Rows[i].Op).Append(',').Append(Reports.MinimalVector.Field(scenario.Rows[i].Args));
                if (expectations is not null && expectations.TryGetValue(name, out var rows) && i < rows.Count)
                    csv.Append(',').Append(rows[i]);
                csv.Append('\n');
            }
        return csv.ToString();
    }

    public int Cpus => int.Parse(Rows.First(r => r.Op == "topology").Args["cpus=".Length..].Split(' ')[0]);
}
