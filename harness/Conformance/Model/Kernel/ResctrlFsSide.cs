using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// The resctrl filesystem's side of the arch interface, as the stand-ins record it: every call
/// is an event, in order; each call that can fail (<see cref="FsCall"/>) can be made to fail once.
/// </summary>
public sealed class ResctrlFsSide
{
    private readonly RowBuffer<EventObservation> _stepEvents = new(8);
    private readonly (int Countdown, int Error)[] _fail = new (int, int)[Enum.GetValues<FsCall>().Length + 1];
    // resctrl_enable_mon_event(): the filesystem's record of the events the arch enabled.
    private readonly HashSet<int> _monEventsEnabled = [];

    public uint TotalEvents { get; private set; }

    public RowBuffer<EventObservation> StepEvents => _stepEvents;

    /// <summary>Make the nth call from now of <paramref name="call"/> return <paramref name="error"/>; 0 disarms.</summary>
    public void Fail(FsCall call, int nth, int error) => _fail[(int)call] = (nth, error);

    /// <summary>The injected result of this call: the error when its countdown ends, else 0.</summary>
    private int Injected(FsCall call)
    {
        ref var fail = ref _fail[(int)call];
        if (fail.Countdown > 0 && --fail.Countdown == 0)
            return fail.Error;
        return 0;
    }

    /// <summary>
    /// resctrl_online_ctrl_domain(r, d). The call is an event even when it is the injected
    /// failure: the filesystem side was told, and said no.
    /// </summary>
    public int OnlineCtrlDomain(int rid, DomainHeader hdr)
    {
        Record(FsEventKind.OnlineCtrlDomain, rid, hdr.Id, -1, hdr.CpuCount);
        return Injected(FsCall.OnlineCtrlDomain);
    }

    public void OfflineCtrlDomain(int rid, DomainHeader hdr) =>
        Record(FsEventKind.OfflineCtrlDomain, rid, hdr.Id, -1, hdr.CpuCount);

    /// <summary>resctrl_online_mon_domain(r, hdr): an event, failed or not.</summary>
    public int OnlineMonDomain(int rid, DomainHeader hdr)
    {
        Record(FsEventKind.OnlineMonDomain, rid, hdr.Id, -1, hdr.CpuCount);
        return Injected(FsCall.OnlineMonDomain);
    }

    public void OfflineMonDomain(int rid, DomainHeader hdr) =>
        Record(FsEventKind.OfflineMonDomain, rid, hdr.Id, -1, hdr.CpuCount);

    public void OnlineCpu(int cpu) => Record(FsEventKind.OnlineCpu, -1, -1, cpu, 0);

    public void OfflineCpu(int cpu) => Record(FsEventKind.OfflineCpu, -1, -1, cpu, 0);

    /// <summary>resctrl_init(): an event, failed or not; the filesystem type is registered when it returns 0.</summary>
    public int ResctrlInit()
    {
        Record(FsEventKind.ResctrlInit, -1, -1, -1, 0);
        int err = Injected(FsCall.ResctrlInit);
        FsType = err != 0 ? FsTypeState.Unregistered : FsTypeState.Registered;
        return err;
    }

    /// <summary>resctrl_exit(): an event; the filesystem type is gone.</summary>
    public void ResctrlExit()
    {
        Record(FsEventKind.ResctrlExit, -1, -1, -1, 0);
        FsType = FsTypeState.Unregistered;
    }

    /// <summary>What a mount would find of the filesystem type (the stand-ins' stand_in_fs_type()).</summary>
    public FsTypeState FsType { get; private set; }

    /// <summary>
    /// resctrl_enable_mon_event(eventid, ...): true the first time an event is enabled, false for
    /// a duplicate (the filesystem warns and ignores it). Not an event the harness records.
    /// </summary>
    public bool EnableMonEvent(int eventId) => _monEventsEnabled.Add(eventId);

    /// <summary>Whether the arch enabled the event: the filesystem only ever reads those.</summary>
    public bool MonEventEnabled(int eventId) => _monEventsEnabled.Contains(eventId);

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
        Array.Clear(_fail);
        _monEventsEnabled.Clear();
        TotalEvents = 0;
        FsType = FsTypeState.NeverInitialised;
    }
}

/// <summary>The filesystem type as a mount finds it: never initialised until the patch first calls resctrl_init().</summary>
public enum FsTypeState
{
    NeverInitialised,
    Registered,
    Unregistered,
}
