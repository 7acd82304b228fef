namespace Conformance.Results;

/// <summary>One step as both sides saw it, in the canonical text forms reports use.</summary>
public sealed record StepRecord(
    int Index,
    int Line,
    string Op,
    string Args,
    SideState Reference,
    SideState Model)
{
    public bool Differs => Reference != Model;

    /// <summary>How many steps after the platform's a report's timeline draws (report.html).</summary>
    public const int TimelineSteps = 400;

    /// <summary>
    /// Steps a scenario records by default before it records only its last step and those of its first failures (<see cref="Failure.Kept"/>):
    /// about 4 MB of steps.csv, where every step of a ten-million-step scenario would be 4 GB.
    /// </summary>
    public const int RecordLimit = 10_000;

    /// <summary>
    /// What a timeline draws of a scenario's recorded steps, in order: the platform's (counted, not
    /// drawn) up to its first <see cref="TimelineSteps"/> others. Read no further than that.
    /// </summary>
    public static IReadOnlyList<StepRecord> Timeline(IEnumerable<StepRecord> recorded)
    {
        var kept = new List<StepRecord>();
        int drawn = 0;
        foreach (var step in recorded)
        {
            if (drawn == TimelineSteps)
                break;
            kept.Add(step);
            if (!DescribesPlatform(step.Op))
                drawn++;
        }
        return kept;
    }

    /// <summary>Whether an op describes the platform, before anything can be in a domain: a timeline does not draw those steps.</summary>
    public static bool DescribesPlatform(string op) => op is "topology" or "class" or "component" or "cache" or "props" or "map" or "partid_max" or "pmg_max";
}

/// <summary>
/// The observables of one side after a step, as text: rc by errno name, the canonical
/// domain text, the events of the step, the counters and the CPUs the hotplug core holds online.
/// </summary>
public sealed record SideState(
    string Rc,
    string Domains,
    string Events,
    string Counters,
    string OnlineCpus);
