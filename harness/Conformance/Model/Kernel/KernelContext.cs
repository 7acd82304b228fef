namespace Conformance.Model;

/// <summary>
/// Everything outside mpam_resctrl.c that its code touches: the platform, kzalloc/kfree, WARNs,
/// lockdep, the resctrl filesystem side, synchronize_rcu(), mpam_partid_max. One per model;
/// <see cref="Reset"/> makes it pristine.
/// </summary>
public sealed class KernelContext
{
    public KernelContext()
    {
        DomainListLock = new ModelMutex("domain_list_lock", Rules);
        Waits = new WaitQueues(Rules);
    }

    public MpamTopology Topology { get; } = new();
    public AllocationLedger Ledger { get; } = new();
    public WarnLog Warns { get; } = new();
    public RuleChecker Rules { get; } = new();
    public ResctrlFsSide Fs { get; } = new();
    public Arm64Registers Registers { get; } = new();
    public WaitQueues Waits { get; }

    /// <summary>The lock the patch adds for modifying domain lists from cpuhp callbacks.</summary>
    public ModelMutex DomainListLock { get; }

    /// <summary>mpam_partid_max (u16); 0 after reset, as the driver's static starts.</summary>
    public int PartidMax { get; set; }

    public uint SyncRcuCalls { get; private set; }

    /// <summary>
    /// smp_processor_id(): the CPU the modelled task runs on: the last CPU a hotplug step or a
    /// callback ran on (0 after reset). on_each_cpu() visits others and comes back.
    /// </summary>
    public int ThisCpu { get; set; }

    /// <summary>The hotplug core, for cpu_online_mask (it registers itself).</summary>
    public HotplugCore? Hotplug { get; internal set; }

    /// <summary>cpumask_test_cpu(cpu, cpu_online_mask).</summary>
    public bool CpuOnline(int cpu) => Hotplug?.InCpuOnlineMask(cpu) ?? false;

    /// <summary>
    /// on_each_cpu() (CPUs 0 to the last possible) or on_each_cpu_mask() of CPUs
    /// <paramref name="first"/>..<paramref name="last"/>: <paramref name="call"/> on each of them
    /// that is online, in turn, ascending, with smp_processor_id() set to it and preemption off;
    /// the caller's CPU after.
    /// </summary>
    public void OnEachCpu(int first, int last, Action call)
    {
        int caller = ThisCpu;
        for (int cpu = first; cpu <= last; cpu++)
        {
            if (!CpuOnline(cpu))
                continue;
            ThisCpu = cpu;
            Rules.PreemptDepth++;
            call();
            Rules.PreemptDepth--;
        }
        ThisCpu = caller;
    }

    /// <summary>resctrl_rmid_realloc_limit and _threshold, the filesystem's globals the arch sets.</summary>
    public uint RmidReallocLimit { get; set; }
    public uint RmidReallocThreshold { get; set; }

    /// <summary>mpam_pmg_max (u8): the largest PMG every MSC supports (the driver core's); 0 after reset.</summary>
    public int PmgMax { get; set; }

    /// <summary>Bumped by every change of a domain list or of a listed domain's mask.</summary>
    public ulong Generation { get; set; }

    /// <summary>
    /// Counts every list primitive run on a domain list (list_add_tail_rcu, list_del_rcu,
    /// INIT_LIST_HEAD_RCU), as the stand-ins count stand_in_list_writes: a snapshot that finds the
    /// same count and no allocation or free since knows the lists hold what it saw.
    /// </summary>
    public ulong ListWrites { get; private set; }

    /// <summary>A list primitive ran on a domain list, where the snapshot cannot follow it (a list made empty): the next fill walks.</summary>
    public void ListWritten() => ListWrites++;

    /// <summary>
    /// list_add_tail_rcu(&amp;<paramref name="node"/>->list, the node now at <paramref name="index"/>)
    /// from <paramref name="function"/>: the domain goes in before it. CONFIG_DEBUG_LIST refuses a
    /// node that is already next to where it goes (reported, nothing linked).
    /// </summary>
    /// <remarks>
    /// A node already linked elsewhere in the list passes that check, in the kernel and the
    /// stand-in alike, and leaves a corrupt list this model does not follow.
    /// </remarks>
    public void ListAddTailRcu<T>(List<T> list, int index, T domain, DomainHeader node, string function) where T : class
    {
        ListWrites++;
        if ((index > 0 && ReferenceEquals(list[index - 1], domain)) || (index < list.Count && ReferenceEquals(list[index], domain)))
        {
            Rules.Report(Observation.RuleKind.ListCorruption, function, DoubleAdd);
            return;
        }
        list.Insert(index, domain);
        node.ListPoisoned = false;
        if (ListEdits.Count < ListEditsKept)
            ListEdits.Add(new ListEdit(list, index, domain, Inserted: true));
    }

    /// <summary>
    /// list_del_rcu(&amp;<paramref name="node"/>->list) from <paramref name="function"/>: the domain
    /// leaves the list (a domain not on it, its node linked to itself, leaves nothing). A node
    /// list_del_rcu() already unlinked is refused by CONFIG_DEBUG_LIST (reported); either way its
    /// ->prev is poisoned after.
    /// </summary>
    public void ListDelRcu<T>(List<T> list, T domain, DomainHeader node, string function) where T : class
    {
        ListWrites++;
        if (node.ListPoisoned)
        {
            Rules.Report(Observation.RuleKind.ListCorruption, function, DeletedTwice);
            return;
        }
        node.ListPoisoned = true;
        int index = list.IndexOf(domain);
        if (index < 0)
            return;
        list.RemoveAt(index);
        if (ListEdits.Count < ListEditsKept)
            ListEdits.Add(new ListEdit(list, index, domain, Inserted: false));
    }

    // The stand-ins' words for the two refusals a model's list can show.
    private const string DoubleAdd = "list_add double add: the node is already linked where it goes";
    private const string DeletedTwice = "list_del corruption: ->prev is LIST_POISON2 (it was unlinked before)";

    /// <summary>
    /// The links and unlinks since the last snapshot took the lists, in order: a fill follows them
    /// instead of walking. At most <see cref="ListEditsKept"/>: past that, ListWrites counts on
    /// alone and the next fill walks.
    /// </summary>
    public List<ListEdit> ListEdits { get; } = [];

    /// <remarks>Past this many links and unlinks between two fills, walking is as cheap as moving rows.</remarks>
    public const int ListEditsKept = 8;

    /// <summary>The domain headers whose masks changed since the last snapshot took them.</summary>
    public MaskWriteLog MaskWrites { get; } = new();

    /// <summary>
    /// The stand-ins' check as a list walk reaches the node of the allocation: a node in freed
    /// memory is reported as KASAN reports the read, and the walk ends there (false).
    /// </summary>
    public bool ListVisit(long allocation, string function)
    {
        if (Ledger.IsLive(allocation))
            return true;
        Rules.Report(Observation.RuleKind.UseAfterFree, function, "a list node in freed memory");
        return false;
    }

    /// <summary>sizeof() of what the patch allocates, as the reference was compiled (from the profile).</summary>
    public Observation.AllocationSizes Sizes { get; set; }

    /// <summary>synchronize_rcu(): waits for readers (there are none to wait for here) and is counted.</summary>
    public void SynchronizeRcu(string function)
    {
        Rules.CheckMaySleep(function);
        SyncRcuCalls++;
        Rules.GracePeriod();
    }

    /// <summary>kfree() from <paramref name="function"/>: the ledger's free, then the RCU checker's look at what it held.</summary>
    public void Kfree(long allocation, string function)
    {
        bool live = Ledger.IsLive(allocation);
        Ledger.Free(allocation);
        if (live)
            Rules.CheckFreed(allocation, function);
    }

    internal void BeginStep()
    {
        Warns.BeginStep();
        Rules.BeginStep();
        Fs.BeginStep();
    }

    /// <summary>The step has returned: what is still held, or still queued, is reported.</summary>
    internal void StepEnd()
    {
        Rules.StepEnd();
        Waits.StepEnd();
    }

    internal void Reset()
    {
        Topology.Reset();
        Ledger.Reset();
        Warns.Reset();
        Rules.Reset();
        Fs.Reset();
        Registers.Reset();
        Waits.Reset();
        DomainListLock.Reset();
        PartidMax = 0;
        PmgMax = 0;
        SyncRcuCalls = 0;
        ThisCpu = 0;
        RmidReallocLimit = RmidReallocThreshold = 0;
        Generation = 0;
        ListWrites = 0;
        ListEdits.Clear();
        MaskWrites.Clear();
    }
}

/// <summary>A domain linked into (or unlinked from) a list at an index: the family's list object and domain object.</summary>
public readonly record struct ListEdit(object List, int Index, object Domain, bool Inserted);
