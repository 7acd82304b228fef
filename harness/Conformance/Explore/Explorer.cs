using Conformance.Lockstep;
using Conformance.Results;

namespace Conformance.Explore;

/// <summary>
/// One distinct fact exploring found: its minimal vector's file and rows (the scenario shrunk), the
/// step that shows it, and the index in the seed's sequence of the generated scenario it was shrunk from.
/// </summary>
public sealed record FoundFact(string Key, string Sentence, int Rows, int Step, string File, int Drawn);

/// <summary>
/// Runs generated scenarios in lockstep with every check a run has (each batch one vector file,
/// one pipeline run, sandboxed workers), learns the facts each shows, shrinks each new one to a
/// minimal vector, and writes that vector with golden expectations taken from the reference.
/// </summary>
public sealed class Explorer(RunPipeline pipeline, RunRequest request, string scratch)
{
    private int _batches;

    /// <summary>Each scenario's run and facts, in the order given; <paramref name="workers"/> 0 for one per core.</summary>
    /// <remarks>Safe to call from several threads at once: batches run side by side on one pool.</remarks>
    public IReadOnlyList<(ScenarioResult Result, IReadOnlyList<ScenarioFacts.Fact> Facts)> Run(IReadOnlyList<GeneratedScenario> scenarios, bool record = false,
        int workers = 0)
    {
        var name = $"batch-{Interlocked.Increment(ref _batches)}.csv";
        var path = Path.Combine(scratch, name);
        File.WriteAllText(path, GeneratedScenario.Csv(scenarios.Select((s, i) => ($"g{i}", s))));
        var run = pipeline.Run(request with { VectorRoot = scratch, Includes = [name], CheckExpectations = false, RecordEveryStep = record, KeepGoing = false, RecordSteps = record,
            Workers = workers });
        // The results keep what is read of the steps (from the step log, which then goes: a folder
        // of spent batches would be listed at every run).
        var results = record ? run.Scenarios.Select((s, i) => s with { Steps = run.StepsOf(i).ToList() }).ToList() : run.Scenarios;
        run.DiscardStepLog();
        File.Delete(path);
        return results.Select(s => (s, ScenarioFacts.Of(s))).ToList();
    }

    /// <summary>The facts each scenario shows (for the shrinker).</summary>
    public IReadOnlyList<IReadOnlySet<string>> FactsOf(IReadOnlyList<GeneratedScenario> scenarios) =>
        Run(scenarios).Select(r => (IReadOnlySet<string>)r.Facts.Select(f => f.Key).ToHashSet(StringComparer.Ordinal)).ToList();

    /// <summary>
    /// Each minimal vector as a file, from one recorded run of them all: every step's rc, domains,
    /// events and counters as the reference showed them; the fact's sentence as the note of the
    /// step that shows it (and that step's index, or -1 if the run did not show it).
    /// </summary>
    public IReadOnlyList<(string Text, int Step)> Vectors(IReadOnlyList<(GeneratedScenario Minimal, string Name, string Fact)> wanted)
    {
        var runs = Run(wanted.Select(w => w.Minimal).ToList(), record: true);
        return wanted.Select((w, k) => Vector(w.Minimal, w.Name, w.Fact, runs[k].Result, runs[k].Facts)).ToList();
    }

    private static (string Text, int Step) Vector(GeneratedScenario minimal, string scenarioName, string fact, ScenarioResult result, IReadOnlyList<ScenarioFacts.Fact> facts)
    {
        int step = facts.FirstOrDefault(f => f.Key == fact)?.Step ?? -1;
        var rows = new List<string>();
        for (int i = 0; i < minimal.Rows.Count; i++)
        {
            var record = result.Steps.FirstOrDefault(s => s.Index == i);
            bool platform = minimal.Rows[i].Op is "topology" or "class" or "component" or "map";
            var note = i == step ? facts.First(f => f.Key == fact).Sentence : "";
            rows.Add(record is null || platform
                ? $",,,,{Field(note)}"
                : $"{Field(record.Reference.Rc)},{Field(record.Reference.Domains)},{Field(record.Reference.Events)},{Field(record.Reference.Counters)},{Field(note)}");
        }
        return (GeneratedScenario.Csv([(scenarioName, minimal)], new Dictionary<string, IReadOnlyList<string>> { [scenarioName] = rows }), step);
    }

    // One line per row: a note's line breaks become spaces before the field is quoted.
    private static string Field(string value) => Reports.MinimalVector.Field(value.Replace('\n', ' ').Replace('\r', ' '));
}
