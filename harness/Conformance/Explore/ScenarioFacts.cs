using Conformance.Results;

namespace Conformance.Explore;

/// <summary>
/// What a scenario showed, by fact: a divergence by the observable that differed first, a crash
/// or a hang, and each finding by its fact (kind, site, resource), never by its text.
/// </summary>
public static class ScenarioFacts
{
    public sealed record Fact(string Key, string Sentence, int Step);

    public static IReadOnlyList<Fact> Of(ScenarioResult s)
    {
        var facts = new List<Fact>();
        if (s.FirstFailure is { } failure)
        {
            var key = s.Outcome switch
            {
                ScenarioOutcome.Diverged => $"divergence:{FirstObservable(failure)}",
                ScenarioOutcome.Crashed => "crash",
                ScenarioOutcome.TimedOut => "timeout",
                _ => $"expectation:{failure.Kind}",
            };
            facts.Add(new Fact(key, failure.Message, failure.Step));
        }
        foreach (var f in s.Findings)
            facts.Add(new Fact($"{f.Kind}:{f.Identity}", $"{f.Kind}: {f.Text.Replace("`", "")}", f.Step));
        return facts.GroupBy(f => f.Key).Select(g => g.MinBy(f => f.Step)!).ToList();
    }

    // "differences (reference vs model):" is followed by "  OBSERVABLE: a vs b" lines.
    private static string FirstObservable(Failure failure)
    {
        int at = failure.Details.ToList().FindIndex(d => d.StartsWith("differences", StringComparison.Ordinal));
        if (at < 0 || at + 1 >= failure.Details.Count)
            return "state";
        var line = failure.Details[at + 1].Trim();
        int colon = line.IndexOf(':');
        return colon > 0 ? line[..colon] : line;
    }
}
