using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// The resctrl filesystem's side of the arch interface, as the stand-ins record it: every call
/// is an event, in order; resctrl_online_ctrl_domain() can be made to fail once.
/// </summary>
public sealed class ResctrlFsSide
{
    private readonly RowBuffer<EventObservation> _stepEvents = new(8);
    private int _failCountdown;
    private int _failError;

    public uint TotalEvents { get; private set; }

    public RowBuffer<EventObservation> StepEvents => _stepEvents;

    /// <summary>Make the nth resctrl_online_ctrl_domain() from now return <paramref name="error"/>; 0 disarms.</summary>
    public void FailOnlineCtrlDomain(int nth, int error)
    {
        _failCountdown = nth;
        _failError = error;
    }

    /// <summary>
    /// resctrl_online_ctrl_domain(r, d). The call is an event even when it is the injected
    /// failure: the filesystem side was told, and said no.
    /// </summary>
    public int OnlineCtrlDomain(int rid, ResctrlDomain domain)
    {
        Record(FsEventKind.OnlineCtrlDomain, rid, domain.Hdr.Id, -1, domain.Hdr.CpuCount);
        if (_failCountdown > 0 && --_failCountdown == 0)
            return _failError;
        return 0;
    }

    public void OfflineCtrlDomain(int rid, ResctrlDomain domain) =>
        Record(FsEventKind.OfflineCtrlDomain, rid, domain.Hdr.Id, -1, domain.Hdr.CpuCount);

    public void OnlineCpu(int cpu) => Record(FsEventKind.OnlineCpu, -1, -1, cpu, 0);

    public void OfflineCpu(int cpu) => Record(FsEventKind.OfflineCpu, -1, -1, cpu, 0);

    private void Record(FsEventKind kind, int rid, int domainId, int cpu, int weight)
    {
        _stepEvents.Add(new EventObservation
        {
            Kind = kind, Rid = rid, DomainId = domainId, Cpu = cpu, DomainCpuCount = (uint)weight, Seq = TotalEvents,
        });
        TotalEvents++;
    }

    internal void BeginStep() => _stepEvents.Clear();

    internal void Reset()
    {
        _stepEvents.Clear();
        _failCountdown = 0;
        _failError = 0;
        TotalEvents = 0;
    }
}
