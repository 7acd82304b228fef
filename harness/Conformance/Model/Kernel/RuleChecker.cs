using System.Runtime.InteropServices;
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
/// <item>RCU_LOCKDEP_WARN has a static "warned" flag per call site: a site prints once. And
/// lockdep_rcu_suspicious() calls debug_locks_off(): after the first lockdep/RCU splat the
/// kernel stops printing altogether. The checker does not stop: every violation is reported,
/// each marked <see cref="RuleReportObservation.Printed"/> when a kernel would have printed it
/// (debug_locks still on, the site not yet warned), so a bug behind the first splat still shows.</item>
/// <item>Locks are balanced when a step's hook or callback returns (<see cref="StepEnd"/>), and
/// taken in one order: "B taken while A held" after "A taken while B held" is a cycle.</item>
/// <item>The RCU checker: memory holding a node list_del_rcu() unlinked may be freed only after a
/// grace period (synchronize_rcu()) that began after the unlink.</item>
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
    private readonly List<ModelMutex> _mutexes = [];
    // The lock-order graph: for each lock, the locks taken while it was held; and the held stack.
    private readonly Dictionary<string, HashSet<string>> _takenAfter = new(StringComparer.Ordinal);
    // The (held, taken) orders already recorded, by reference: the same lock names (literals) are
    // taken in the same order at every step, and this finds them without hashing.
    private readonly List<(string Held, string Taken)> _ordersSeen = [];
    private const int OrdersSeenKept = 16;
    private readonly List<string> _held = [];
    // Allocations holding a node list_del_rcu() unlinked since the last grace period.
    private readonly HashSet<long> _rcuWaiting = [];

    public RuleChecker()
    {
        CpusLock = new CpuHotplugLock(this);
    }

    public CpuHotplugLock CpusLock { get; }
    public ReaderSections Readers { get; } = new();

    /// <summary>The kernel's debug_locks: cleared by the first lockdep splat.</summary>
    public bool DebugLocks { get; private set; } = true;

    /// <summary>Every report, printed or not.</summary>
    public uint TotalReports { get; private set; }

    /// <summary>The reports a debug kernel would print.</summary>
    public uint PrintedReports { get; private set; }

    public RowBuffer<RuleReportObservation> StepReports => _stepReports;

    /// <summary>lockdep_assert_held(&amp;lock).</summary>
    public void AssertHeld(ModelMutex mutex, string function)
    {
        if (!mutex.Held)
            LockdepReport(RuleKind.LockNotHeld, function, mutex.Name, lockdepOff: false);
    }

    /// <summary>preempt_disable()/preempt_enable(): what on_each_cpu() does around each call (KernelContext.OnEachCpu).</summary>
    public int PreemptDepth { get; internal set; }

    /// <summary>lockdep_assert_preemption_disabled().</summary>
    public void AssertPreemptionDisabled(string function)
    {
        if (PreemptDepth <= 0)
            LockdepReport(RuleKind.Preemptible, function, "preemption", lockdepOff: false);
    }

    /// <summary>lockdep_assert_cpus_held().</summary>
    public void AssertCpusHeld(string function)
    {
        if (!CpusLock.Held)
            LockdepReport(RuleKind.CpusNotHeld, function, "cpu_hotplug_lock", lockdepOff: false);
    }

    /// <summary>
    /// The check list_for_each_entry_rcu() makes before walking <paramref name="head"/>, with
    /// <paramref name="lockdepCondition"/> the optional condition (false when none is passed).
    /// </summary>
    public void CheckRcuListWalk(string function, string head, bool lockdepCondition)
    {
        if (lockdepCondition || RcuReadLockAnyHeld())
            return;
        SiteReport(_rcuWarnedSites, RuleKind.RcuListUnprotected, function, head);
    }

    /// <summary>The check list_for_each_entry_srcu() makes with its (mandatory) condition.</summary>
    public void CheckSrcuListWalk(string function, string head, bool condition)
    {
        if (condition)
            return;
        SiteReport(_srcuWarnedSites, RuleKind.SrcuConditionFalse, function, head);
    }

    // RCU_LOCKDEP_WARN: printed the first time at a site while lockdep is on, and then lockdep is off.
    private void SiteReport(HashSet<string> warned, RuleKind kind, string function, string head)
    {
        bool printed = DebugLocks && !warned.Contains(function);
        if (printed)
            warned.Add(function);
        Report(kind, function, head, printed);
        if (printed)
            DebugLocks = false;
    }

    /// <summary>synchronize_rcu() and sleeping locks may not run inside an RCU reader.</summary>
    public void CheckMaySleep(string function)
    {
        if (Readers.RcuDepth > 0)
            LockdepReport(RuleKind.SleepInRcuReader, function, "rcu_read_lock", lockdepOff: false);
    }

    /// <summary>A lockdep-class report: printed while debug_locks is on; <paramref name="lockdepOff"/> as debug_locks_off().</summary>
    internal void LockdepReport(RuleKind kind, string function, string detail, bool lockdepOff)
    {
        bool printed = DebugLocks;
        Report(kind, function, detail, printed);
        if (printed && lockdepOff)
            DebugLocks = false;
    }

    internal void Register(ModelMutex mutex) => _mutexes.Add(mutex);

    /// <summary>A lock taken now: each held lock gains an edge to it; an edge that closes a cycle is reported.</summary>
    internal void LockAcquired(string name, string function)
    {
        foreach (var held in _held)
        {
            if (held == name || SeenInOrder(held, name))
                continue;
            if (_takenAfter.TryGetValue(held, out var after) && after.Contains(name))
            {
                if (_ordersSeen.Count < OrdersSeenKept)
                    _ordersSeen.Add((held, name));
                continue;
            }
            if (Reaches(name, held))
            {
                LockdepReport(RuleKind.LockOrder, function, $"{name} taken while holding {held}, which was taken while holding {name}", lockdepOff: true);
                continue;
            }
            if (!_takenAfter.TryGetValue(held, out after))
                _takenAfter[held] = after = new HashSet<string>(StringComparer.Ordinal);
            after.Add(name);
        }
        _held.Add(name);
    }

    private bool SeenInOrder(string held, string taken)
    {
        foreach (var (h, t) in CollectionsMarshal.AsSpan(_ordersSeen))
            if (ReferenceEquals(h, held) && ReferenceEquals(t, taken))
                return true;
        return false;
    }

    internal void LockReleased(string name)
    {
        int at = _held.LastIndexOf(name);
        if (at >= 0)
            _held.RemoveAt(at);
    }

    private bool Reaches(string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var frontier = new Stack<string>([from]);
        while (frontier.Count > 0)
            if (_takenAfter.TryGetValue(frontier.Pop(), out var after))
                foreach (var next in after)
                {
                    if (next == to)
                        return true;
                    if (seen.Add(next))
                        frontier.Push(next);
                }
        return false;
    }

    /// <summary>The end of a step: a lock or reader section still held is reported, a mutex once per acquisition.</summary>
    public void StepEnd()
    {
        foreach (var mutex in _mutexes)
            if (mutex.Held && mutex.MarkReportedHeld())
                LockdepReport(RuleKind.LockHeldAtReturn, mutex.LockedIn, mutex.Name, lockdepOff: true);
        if (CpusLock.Held && CpusLock.MarkReportedHeld())
            LockdepReport(RuleKind.LockHeldAtReturn, "cpus_read_lock", "cpu_hotplug_lock", lockdepOff: true);
        if (Readers.RcuDepth > 0)
            LockdepReport(RuleKind.LockHeldAtReturn, "rcu_read_lock", "rcu_read_lock", lockdepOff: true);
        if (Readers.SrcuDepth > 0)
            LockdepReport(RuleKind.LockHeldAtReturn, "srcu_read_lock", "mpam_srcu", lockdepOff: true);
    }

    /// <summary>list_del_rcu() of a node in <paramref name="allocation"/>: it waits for a grace period.</summary>
    public void RcuUnlinked(long allocation) => _rcuWaiting.Add(allocation);

    /// <summary>synchronize_rcu(): every node unlinked before it may now be freed.</summary>
    internal void GracePeriod() => _rcuWaiting.Clear();

    /// <summary>kfree() of a live allocation: a node in it still waiting for a grace period is reported.</summary>
    internal void CheckFreed(long allocation, string function)
    {
        if (_rcuWaiting.Remove(allocation))
            Report(RuleKind.RcuFreeBeforeGracePeriod, function,
                "a list node which list_del_rcu() unlinked, before a grace period", printed: false);
    }

    /// <summary>
    /// rcu_read_lock_any_held(): an RCU reader of any flavour, or not preemptible. The model's
    /// task (a cpuhp thread or the enabling work) is always preemptible.
    /// </summary>
    private bool RcuReadLockAnyHeld() => Readers.RcuDepth > 0;

    internal void Report(RuleKind kind, string function, string detail, bool printed = true)
    {
        _stepReports.Add(new RuleReportObservation { Kind = kind, Seq = TotalReports, Printed = printed, Function = function, Detail = detail });
        TotalReports++;
        if (printed)
            PrintedReports++;
    }

    internal void BeginStep() => _stepReports.Clear();

    internal void Reset()
    {
        _rcuWarnedSites.Clear();
        _srcuWarnedSites.Clear();
        _stepReports.Clear();
        DebugLocks = true;
        TotalReports = PrintedReports = 0;
        _takenAfter.Clear();
        _ordersSeen.Clear();
        _held.Clear();
        _rcuWaiting.Clear();
        CpusLock.Reset();
        Readers.Reset();
        PreemptDepth = 0;
    }
}
