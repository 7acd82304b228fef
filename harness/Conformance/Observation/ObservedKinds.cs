namespace Conformance.Observation;

/// <summary>What the resctrl filesystem side was told; values as <c>enum mpam_ref_event_kind</c>.</summary>
public enum FsEventKind
{
    OnlineCtrlDomain = 1,
    OfflineCtrlDomain = 2,
    OnlineCpu = 3,
    OfflineCpu = 4,
    OnlineMonDomain = 5,
    OfflineMonDomain = 6,
    ResctrlInit = 7,
    ResctrlExit = 8,
}

/// <summary>Debug-build checks that fired; values as <c>enum mpam_ref_rule_kind</c>.</summary>
public enum RuleKind
{
    LockNotHeld = 1,
    CpusNotHeld = 2,
    RcuListUnprotected = 3,
    SrcuConditionFalse = 4,
    LockImbalance = 5,
    SleepInRcuReader = 6,
    UseAfterFree = 7,
    LockHeldAtReturn = 8,
    LockOrder = 9,
    RcuFreeBeforeGracePeriod = 10,
    RcuPlainListOp = 11,
    Preemptible = 12,
    WaitEntryQueuedAtReturn = 13,
    HungTask = 14,
    ListCorruption = 15,
}

/// <summary>
/// How a step's return code reads. Hotplug and setup steps return 0, a negative errno or
/// <see cref="StepRc.NotRun"/>; query steps return a plain value (where 1 is just 1).
/// </summary>
public enum RcKind
{
    Status,
    Value,
}

public static class StepRc
{
    /// <summary><c>MPAM_REF_CALLBACK_NOT_RUN</c>: the hotplug core held the CPU in that state already.</summary>
    public const int NotRun = 1;
}

/// <summary><c>enum resctrl_domain_type</c>: the header type a control domain carries.</summary>
public static class DomainType
{
    public const int Control = 0;
    public const int Monitor = 1;
}
