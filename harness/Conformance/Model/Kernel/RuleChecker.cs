using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// The debug checks of a CONFIG_PROVE_LOCKING + CONFIG_PROVE_RCU_LIST kernel that the
/// patch's code reaches, and the reports they give.
/// </summary>
/// <remarks>
/// What a real kernel reports, and so what this models:
/// <list type="bullet">
/// <item>list_for_each_entry_rcu(pos, head, member) with no lockdep condition runs
/// <c>RCU_LOCKDEP_WARN(!cond &amp;&amp; !rcu_read_lock_any_held(), ...)</c> with cond = 0.
/// rcu_read_lock_any_held() is true inside rcu_read_lock()/_bh/_sched or when
/// !preemptible(). The cpuhp callbacks run in the hotplug thread, preemptible, holding only a
/// mutex (domain_list_lock) and the hotplug lock: no RCU reader, and an SRCU reader (mpam_srcu)
/// does not count. So mpam_resctrl_get_domain_from_cpu()'s walk is reported, by kind
/// RcuListUnprotected, on the first call that reaches it.</item>
/// <item>RCU_LOCKDEP_WARN has a static "warned" flag per call site: a site reports once. And
/// lockdep_rcu_suspicious() calls debug_locks_off(): after the first lockdep/RCU splat the
/// kernel stops checking altogether. Both are modelled: a site reports once, and after any
/// lockdep splat <see cref="DebugLocks"/> is off and no check reports again until reset.</item>
/// <item>lockdep_assert_held() and lockdep_assert_cpus_held() hold on every path of this
/// patch (the callbacks run under domain_list_lock and the hotplug lock); they are modelled
/// so that a variant that broke that would be reported, gated on debug_locks like the kernel's.</item>
/// <item>list_for_each_entry_srcu() in mpam_resctrl_alloc_domain() passes
/// srcu_read_lock_held(&amp;mpam_srcu) under guard(srcu): true, never reported.</item>
/// </list>
/// </remarks>
public sealed class RuleChecker
{
    private readonly HashSet<string> _rcuWarnedSites = new(StringComparer.Ordinal);
    private readonly HashSet<string> _srcuWarnedSites = new(StringComparer.Ordinal);
    private readonly RowBuffer<RuleReportObservation> _stepReports = new(4);

    public CpuHotplugLock CpusLock { get; } = new();
    public ReaderSections Readers { get; } = new();

    /// <summary>The kernel's debug_locks: cleared by the first lockdep splat.</summary>
    public bool DebugLocks { get; private set; } = true;

    public uint TotalReports { get; private set; }

    public RowBuffer<RuleReportObservation> StepReports => _stepReports;

    /// <summary>lockdep_assert_held(&amp;lock).</summary>
    public void AssertHeld(ModelMutex mutex, string function)
    {
        if (DebugLocks && !mutex.Held)
            Report(RuleKind.LockNotHeld, function, mutex.Name);
    }

    /// <summary>lockdep_assert_cpus_held().</summary>
    public void AssertCpusHeld(string function)
    {
        if (DebugLocks && !CpusLock.Held)
            Report(RuleKind.CpusNotHeld, function, "cpu_hotplug_lock");
    }

    /// <summary>
    /// The check list_for_each_entry_rcu() makes before walking <paramref name="head"/>, with
    /// <paramref name="lockdepCondition"/> the optional condition (false when none is passed).
    /// </summary>
    public void CheckRcuListWalk(string function, string head, bool lockdepCondition)
    {
        if (!DebugLocks || lockdepCondition || RcuReadLockAnyHeld())
            return;
        if (!_rcuWarnedSites.Add(function))
            return;
        Report(RuleKind.RcuListUnprotected, function, head);
        DebugLocks = false;
    }

    /// <summary>The check list_for_each_entry_srcu() makes with its (mandatory) condition.</summary>
    public void CheckSrcuListWalk(string function, string head, bool condition)
    {
        if (!DebugLocks || condition)
            return;
        if (!_srcuWarnedSites.Add(function))
            return;
        Report(RuleKind.SrcuConditionFalse, function, head);
        DebugLocks = false;
    }

    /// <summary>synchronize_rcu() and sleeping locks may not run inside an RCU reader.</summary>
    public void CheckMaySleep(string function)
    {
        if (DebugLocks && Readers.RcuDepth > 0)
            Report(RuleKind.SleepInRcuReader, function, "rcu_read_lock");
    }

    /// <summary>
    /// rcu_read_lock_any_held(): an RCU reader of any flavour, or not preemptible. The model's
    /// task (a cpuhp thread or the enabling work) is always preemptible.
    /// </summary>
    private bool RcuReadLockAnyHeld() => Readers.RcuDepth > 0;

    internal void Report(RuleKind kind, string function, string detail)
    {
        _stepReports.Add(new RuleReportObservation { Kind = kind, Seq = TotalReports, Function = function, Detail = detail });
        TotalReports++;
    }

    internal void BeginStep() => _stepReports.Clear();

    internal void Reset()
    {
        _rcuWarnedSites.Clear();
        _srcuWarnedSites.Clear();
        _stepReports.Clear();
        DebugLocks = true;
        TotalReports = 0;
        CpusLock.Reset();
        Readers.Reset();
    }
}
