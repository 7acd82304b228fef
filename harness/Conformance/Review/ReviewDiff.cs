using Conformance.Results;

namespace Conformance.Review;

/// <summary>
/// Holds a variant's run against the base run, scenario by scenario and step by step, on the
/// reference side only: a review is about what the C code of a fix does, whatever the model says.
/// Both runs run with keep-going and record every step up to their record limit; the steps both
/// recorded are compared, and the review says how many those were.
/// </summary>
public static class ReviewDiff
{
    public static VariantReview Compare(string name, IReadOnlyList<string> fixes, RunResult baseRun, RunResult variantRun)
    {
        var variantById = variantRun.Scenarios.Select((s, i) => (s, i)).ToDictionary(p => p.s.Id, p => p.i);
        var deltas = new List<StepDelta>();
        int steps = 0, compared = 0;
        for (int bi = 0; bi < baseRun.Scenarios.Count; bi++)
        {
            var b = baseRun.Scenarios[bi];
            if (!variantById.TryGetValue(b.Id, out var vi))
                throw new InvalidOperationException($"scenario {b.Id} ran on the base but not on {name}");
            var v = variantRun.Scenarios[vi];
            steps += Math.Max(b.StepsTotal, v.StepsTotal);
            foreach (var (baseStep, variantStep) in PairedByIndex(baseRun.StepsOf(bi), variantRun.StepsOf(vi)))
            {
                compared++;
                var changes = Changes(baseStep.Reference, variantStep.Reference);
                if (changes.Count > 0)
                    deltas.Add(At(b, baseStep, changes));
            }
            if (b.Died != v.Died)
                deltas.Add(CrashDelta(b, v));
        }
        return new VariantReview(name, fixes, baseRun.Scenarios.Count, steps, compared, deltas, baseRun, variantRun);
    }

    // Paired by step index, never by position in the recorded lists: a list may skip steps.
    // Both lists ascend by index, so one pass over each pairs them without holding either.
    private static IEnumerable<(StepRecord, StepRecord)> PairedByIndex(IEnumerable<StepRecord> left, IEnumerable<StepRecord> right)
    {
        using var l = left.GetEnumerator();
        using var r = right.GetEnumerator();
        bool hasL = l.MoveNext(), hasR = r.MoveNext();
        while (hasL && hasR)
        {
            if (l.Current.Index < r.Current.Index)
                hasL = l.MoveNext();
            else if (l.Current.Index > r.Current.Index)
                hasR = r.MoveNext();
            else
            {
                yield return (l.Current, r.Current);
                hasL = l.MoveNext();
                hasR = r.MoveNext();
            }
        }
    }

    private static StepDelta At(ScenarioResult s, StepRecord step, IReadOnlyList<ObservableDelta> changes) =>
        new(s.Name, s.File, step.Index, step.Line, step.Op, step.Args, changes);

    private static StepDelta CrashDelta(ScenarioResult b, ScenarioResult v)
    {
        var dead = b.Died ? b : v;
        var f = dead.FirstFailure!;
        var text = $"{dead.Outcome} at step {f.Step}: {f.Message}";
        return new StepDelta(b.Name, b.File, f.Step, f.Line, "", "",
            [new ObservableDelta(DeltaKind.Crashes, "reference", b.Died ? text : "ran", v.Died ? text : "ran")]);
    }

    /// <summary>Every observable of one step that differs, classified.</summary>
    public static IReadOnlyList<ObservableDelta> Changes(SideState b, SideState v)
    {
        if (b == v)
            return [];
        var changes = new List<ObservableDelta>();
        if (b.Rc != v.Rc)
            changes.Add(new(DeltaKind.ReturnCodes, "rc", b.Rc, v.Rc));
        if (b.Domains != v.Domains)
            changes.Add(new(DeltaKind.DomainLists, "domains", b.Domains, v.Domains));
        if (b.Events != v.Events)
            changes.Add(new(DeltaKind.Events, "events", b.Events, v.Events));
        if (b.OnlineCpus != v.OnlineCpus)
            changes.Add(new(DeltaKind.HotplugState, "online cpus", b.OnlineCpus, v.OnlineCpus));
        var bc = Counters(b.Counters);
        var vc = Counters(v.Counters);
        foreach (var key in bc.Keys.Union(vc.Keys).Order(StringComparer.Ordinal))
        {
            var bv = bc.GetValueOrDefault(key, "0");
            var vv = vc.GetValueOrDefault(key, "0");
            if (bv != vv)
                changes.Add(new(KindOf(key), key, bv, vv));
        }
        return changes;
    }

    // The counters text is "key=value key=value ..." (CountersText).
    private static Dictionary<string, string> Counters(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1]);

    private static DeltaKind KindOf(string counter) => counter switch
    {
        "warns" => DeltaKind.Warns,
        _ when counter.StartsWith("warn:", StringComparison.Ordinal) => DeltaKind.Warns,
        "rules" => DeltaKind.RuleReports,
        "sync_rcu" => DeltaKind.GracePeriods,
        _ => DeltaKind.Allocations,
    };
}
