namespace Conformance.Observation;

// Flat, blittable-in-spirit rows of a snapshot. The C side's structs (mpam_ref_resource,
// mpam_ref_domain, ...) copy into these field by field; the model writes them directly.

/// <summary>One resource of the profile, in enum order.</summary>
/// <remarks>
/// Plain bytes (the told name is a number, <see cref="ToldNames"/>): rows are compared as bytes.
/// A row is zeroed when it is added (<see cref="RowBuffer{T}.Add"/>), so its padding is too.
/// </remarks>
public struct ResourceObservation
{
    /// <summary>The enum resctrl_res_level value (the slot's index).</summary>
    public int Rid;
    public bool ClassMapped;
    public bool AllocCapable;
    /// <summary>resctrl_arch_get_cdp_enabled(): false for a revision without CDP.</summary>
    public bool CdpEnabled;
    /// <summary>The mapped class's id, -1 when none.</summary>
    public int ClassId;
    /// <summary>Index of its first control domain in <see cref="StateSnapshot.Domains"/>.</summary>
    public int FirstDomain;
    /// <summary>The length of its ctrl_domains list.</summary>
    public int DomainCount;
    /// <summary>resctrl_res.mon_capable: its monitor domains are part of the canonical text.</summary>
    public bool MonCapable;
    /// <summary>The length of its mon_domains list; they follow its control domains in the buffer.</summary>
    public int MonCount;
    /// <summary>What the filesystem is told about its sizes: resctrl_get_default_ctrl(r), membw.min_bw, membw.bw_gran, mon.num_rmid.</summary>
    public uint DefaultCtrl, MinBw, BwGran, NumRmid;
    /// <summary>How the filesystem shows it: resctrl_res.name (its info folder; "" while NULL), ctrl_scope and mon_scope (enum resctrl_scope, 0 while unset), cdp_capable.</summary>
    public string ToldName
    {
        readonly get => ToldNames.NameOf(_toldName);
        set => _toldName = ToldNames.IdOf(value);
    }
    private int _toldName;
    public int CtrlScope, MonScope;
    public bool CdpCapable;
    /// <summary>The rest of its info folder: sparse_masks, delay_linear, min_cbm_bits, shareable_bits.</summary>
    public bool SparseMasks, DelayLinear;
    public uint MinCbmBits, ShareableBits;

    /// <summary>
    /// Whether the canonical text shows it: a class is mapped, or domains are still listed (a
    /// class torn down leaves its domains behind).
    /// </summary>
    public readonly bool Shown => ClassMapped || DomainCount > 0 || MonCount > 0;

    /// <summary>Index of its first monitor domain.</summary>
    public readonly int FirstMonDomain => FirstDomain + DomainCount;
}

/// <summary>One control domain, as found walking its resource's list.</summary>
public struct DomainObservation
{
    public int Id;
    public int Type;
    public int Rid;
    /// <summary>ctrl_comp's comp_id, -1 when NULL.</summary>
    public int CompId;
    public int CpuCount;
    /// <summary>First word of this domain's mask in <see cref="StateSnapshot.DomainMasks"/>.</summary>
    public int MaskOffset;
    /// <summary>
    /// The home its mask is at (MaskOffset / MaskWords), -1 with none: what is kept of a mask (its
    /// text, its words in use) is found by it at every recorded step without a division.
    /// </summary>
    public int Home;
    /// <summary>
    /// Where this domain was at the same side's last fill of this snapshot, when its mask did not
    /// change since (its own index when it did not move either); -1 when this fill wrote the mask.
    /// Two sides that agreed at their last fill hold equal masks wherever both give the same place.
    /// </summary>
    public int WasSlot;

    /// <summary>Whether this fill wrote the mask.</summary>
    public readonly bool MaskWritten => WasSlot < 0;
}

/// <summary>One configured partid of a listed control domain (mpam_ref_config): what a schemata read of it reflects.</summary>
public struct ConfigObservation
{
    public int Rid;
    public int DomainId;
    public uint Partid;
    public uint Cpbm;
    public uint MbwPbm;
    public ushort MbwMax;
    /// <summary>Bit n: the nth feature of the revision's enum.</summary>
    public ulong Features;

    public readonly bool SameAs(in ConfigObservation o) =>
        Rid == o.Rid && DomainId == o.DomainId && Partid == o.Partid && Cpbm == o.Cpbm && MbwPbm == o.MbwPbm
        && MbwMax == o.MbwMax && Features == o.Features;
}

/// <summary>Running totals since reset, mirroring mpam_ref_counters.</summary>
public struct CounterObservation
{
    /// <summary>Bumped by every change of a list or listed mask. Not compared: each side counts its own way.</summary>
    public ulong Generation;
    public ulong AllocsTotal;
    public ulong FreesTotal;
    public uint AllocsLive;
    public uint AllocFailures;
    public uint DoubleFrees;
    public uint ForeignFrees;
    public uint WarnHits;
    /// <summary>Rule reports a debug kernel would print.</summary>
    public uint RuleReports;
    /// <summary>Every rule report: the checks go on after lockdep would have gone off.</summary>
    public uint Violations;
    public uint SyncRcuCalls;
    /// <summary>wake_up() calls: nobody waits in one thread, so a lost wake-up shows only as a count.</summary>
    public uint WakeUps;
    /// <summary>The live allocations' tokens, nodes and GFP flags, folded: node and flags are compared, not only counts.</summary>
    public ulong LedgerFingerprint;
    public uint EventsTotal;
    /// <summary>printk messages. Not compared: the model does not render printk.</summary>
    public uint MessagesTotal;
}

/// <summary>The state around the lists: mirrors the flags of mpam_ref_snapshot_info.</summary>
public struct LifecycleObservation
{
    public int NrCpuIds;
    public bool MpamEnabled;
    public bool SetupDone;
    /// <summary>Listed domains in freed memory: each list is read up to the first one.</summary>
    public uint FreedListed;
    /// <summary>Monitor contexts the scenario holds (mon_ctx_alloc): live allocations that no domain holds, by design.</summary>
    public uint ContextsHeld;
    /// <summary>What mpam_resctrl_setup() returned (0 before setup).</summary>
    public int SetupResult;
    /// <summary>The cpuhp state is installed.</summary>
    public bool CallbacksRegistered;
    /// <summary>The filesystem's limit for reusing an rmid (resctrl_rmid_realloc_limit): the file sets it from the smallest CSU cache.</summary>
    public uint RmidReallocLimit;
    /// <summary>resctrl_rmid_realloc_threshold: the limit over the rmids there are.</summary>
    public uint RmidReallocThreshold;
}

/// <summary>A WARN site, named by function and condition text; cumulative since reset.</summary>
public struct WarnSiteObservation
{
    public string Function;
    public string Condition;
    public uint Hits;
    public uint Reported;
}

/// <summary>A WARN site whose condition was true during this step, and how often.</summary>
public struct WarnHitObservation
{
    public string Function;
    public string Condition;
    public uint Hits;
}

/// <summary>One filesystem-side event.</summary>
public struct EventObservation
{
    public FsEventKind Kind;
    /// <summary>-1 for CPU events.</summary>
    public int Rid;
    /// <summary>-1 for CPU events.</summary>
    public int DomainId;
    /// <summary>-1 for domain events.</summary>
    public int Cpu;
    /// <summary>Weight of the domain's mask when the event was sent (0 for CPU events).</summary>
    public uint DomainCpuCount;
    /// <summary>0-based since reset.</summary>
    public uint Seq;
}

/// <summary>One lockdep / RCU-rule report. Compared by kind and function; the detail is for people.</summary>
public struct RuleReportObservation
{
    public RuleKind Kind;
    public uint Seq;
    /// <summary>Whether a debug kernel would print it (lockdep still on, the site not yet warned).</summary>
    public bool Printed;
    public string Function;
    public string Detail;
}

/// <summary>
/// The MPAM0_EL1 values arm64 keeps for resctrl that the file wrote: each task's (the first is
/// current) and the global default (partid_i bits 15:0, partid_d 31:16, pmg_i 39:32, pmg_d 47:40).
/// </summary>
public struct RegisterObservation
{
    /// <summary>The tasks the stand-ins keep (MPAM_REF_TASKS): current, and one that never runs.</summary>
    public const int TaskCount = 2;

    public TaskValues Tasks;
    public ulong GlobalDefault;
}

/// <summary>Each task's MPAM0_EL1 value, current's first.</summary>
[System.Runtime.CompilerServices.InlineArray(RegisterObservation.TaskCount)]
public struct TaskValues
{
    private ulong _first;
}

/// <summary>CPUs <see cref="FirstCpu"/>..<see cref="LastCpu"/>, consecutive, with the same default MPAM0_EL1 value and the same MPAM0_EL1 (mpam_ref_register_run).</summary>
public struct CpuRegisterRun
{
    public int FirstCpu;
    public int LastCpu;
    /// <summary>arm64_mpam_default: what a task of the default group runs with on these CPUs.</summary>
    public ulong Default;
    /// <summary>arm64_mpam_current: what the last switch-in wrote to MPAM0_EL1 there.</summary>
    public ulong Current;
}
