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
