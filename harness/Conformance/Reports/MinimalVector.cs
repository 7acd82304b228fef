using System.Text;
using Conformance.Vectors;

namespace Conformance.Reports;

/// <summary>
/// The shortest prefix of a scenario that still shows something (a finding, a changed return
/// code): its rows up to the row of the step where it first shows, as a vector of its own.
/// </summary>
/// <remarks>
/// A finding or a return code that shows at step k of a scenario shows in the scenario cut after
/// step k's row, and in no shorter cut (it showed first at k). The reproducer carries no
/// expectations: they describe the patch as posted, and the same rows must run under a fix too;
/// a header of just <c>scenario,op,args</c> is a valid vector.
/// </remarks>
public sealed record MinimalVector(string Scenario, string File, int UpToLine, int Steps)
{
    public const string Header = "scenario,op,args";

    /// <summary>The vector's lines, header first; empty when its file can no longer be read.</summary>
    public IReadOnlyList<string> Csv()
    {
        if (ScenarioRows.Of(File) is not { } byScenario)
            return [];
        var lines = new List<string> { Header };
        if (byScenario.TryGetValue(Scenario, out var rows))
            foreach (var (line, text) in rows)
            {
                if (line > UpToLine)
                    break;
                lines.Add(text);
            }
        return lines;
    }

    /// <summary>The shorter of two reproducers (fewer steps, then the earlier scenario).</summary>
    public static MinimalVector? Shorter(MinimalVector? a, MinimalVector b) => a is null || b.Steps < a.Steps ? b : a;

    /// <summary>A CSV field as a vector writes it: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    internal static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";

    public override string ToString() => new StringBuilder().AppendJoin('\n', Csv()).ToString();
}
