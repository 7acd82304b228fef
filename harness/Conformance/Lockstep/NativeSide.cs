using Conformance.Interop;
using Conformance.Model;
using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// The C reference (the patch's own mpam_resctrl.c behind mpam_ref.h) as a lockstep side, through
/// the generated bindings. The library is whichever one this process bound with
/// <see cref="MpamRefLibrary"/>: one variant per process. Buffers are kept and grown, never
/// reallocated per step; names from the C side are interned. <see cref="Fill"/> must be called
/// once after every step: it drains the step's events and rule reports.
/// </summary>
public sealed unsafe class NativeSide : IMpamSide
{
    private const int ENOSPC = 28;

    private mpam_ref_resource[] _resources;
    // Pinned: the C side leaves the masks it did not change where it wrote them, in the same buffer.
    private mpam_ref_domain[] _domains = GC.AllocateArray<mpam_ref_domain>(64, pinned: true);
    private ulong[] _masks = GC.AllocateArray<ulong>(64, pinned: true);
    private mpam_ref_event[] _events = new mpam_ref_event[32];
    private mpam_ref_rule_report[] _rules = new mpam_ref_rule_report[8];
    private mpam_ref_warn_site[] _sites = new mpam_ref_warn_site[8];
    private mpam_ref_config[] _configs = new mpam_ref_config[8];
    private mpam_ref_message[] _messages = new mpam_ref_message[32];
    private readonly Utf8Interner _names = new();
    // WARN sites as last read, and the copy before that: the growth between them is the step's hits.
    private readonly RowBuffer<WarnSiteObservation> _sitesNow = new(8);
    private readonly RowBuffer<WarnSiteObservation> _sitesBefore = new(8);
    private uint _warnHitsSeen;
    private uint _eventsSeen;
    private uint _rulesSeen;
    private uint _messagesSeen;
    private int _rc;
    private RcKind _rcKind;

    public NativeSide()
    {
        if (Methods.mpam_ref_abi_version() != Methods.MPAM_REF_ABI_VERSION)
            throw new InvalidOperationException(
                $"the reference library speaks mpam_ref ABI {Methods.mpam_ref_abi_version()}, the bindings {Methods.MPAM_REF_ABI_VERSION}: rebuild both");
        _resources = new mpam_ref_resource[Methods.MPAM_REF_MAX_RESOURCES];
        Methods.mpam_ref_reset();
        Profile = new ResourceProfile(ReadResourceNames()).WithSizes(new AllocationSizes(Methods.mpam_ref_sizeof(0), Methods.mpam_ref_sizeof(1)));
    }

    /// <summary>The resource enum as the reference was built with it: count and names come from the library.</summary>
    public ResourceProfile Profile { get; }

    private mpam_ref_allocation[] _unlisted = new mpam_ref_allocation[16];

    public IReadOnlyList<UnlistedAllocation> UnlistedAllocations(long after = 0) =>
        Allocations((into, cap) => Methods.mpam_ref_unlisted_allocations_after((ulong)after, into, cap));

    public IReadOnlyList<UnlistedAllocation> HeldAllocations() => Allocations(Methods.mpam_ref_held_allocations);

    // The C side knows an allocation's site and line, not what it was for (rid -1, no call).
    private IReadOnlyList<UnlistedAllocation> Allocations(FetchInto<mpam_ref_allocation> fetch)
    {
        uint n = FetchAll(ref _unlisted, fetch);
        var list = new List<UnlistedAllocation>((int)n);
        fixed (mpam_ref_allocation* all = _unlisted)
            for (int i = 0; i < n; i++)
                list.Add(new UnlistedAllocation((long)all[i].token, _names.Intern(Bytes(all[i].site, Methods.MPAM_REF_FUNC_LEN)),
                    all[i].line, -1, ""));
        return list;
    }

    private ulong[] _freed = new ulong[16];

    public IReadOnlyList<long> FreedAfter(long after)
    {
        uint n = FetchAll(ref _freed, (into, cap) => Methods.mpam_ref_freed_after((ulong)after, into, cap));
        var tokens = new long[n];
        for (int i = 0; i < n; i++)
            tokens[i] = (long)_freed[i];
        return tokens;
    }

    // A call that copies up to cap items into `into` and says how many there are.
    private delegate uint FetchInto<T>(T* into, uint cap) where T : unmanaged;

    // Asked again into a grown buffer until all there is fits: how many there are. (A static
    // method group converts to a delegate the compiler caches: no allocation per fill.)
    private static uint FetchAll<T>(ref T[] buffer, FetchInto<T> fetch) where T : unmanaged
    {
        while (true)
        {
            uint n;
            fixed (T* into = buffer)
                n = fetch(into, (uint)buffer.Length);
            if (n <= buffer.Length)
                return n;
            Grow(ref buffer, (int)n);
        }
    }

    public void Reset()
    {
        Methods.mpam_ref_reset();
        _warnHitsSeen = _eventsSeen = _rulesSeen = _messagesSeen = 0;
        _sitesNow.Clear();
        _sitesBefore.Clear();
        _rc = 0;
        _rcKind = RcKind.Status;
    }

    public void BeginStep() => Methods.mpam_ref_begin_step();

    public int Topology(int cpus, int nodes)
    {
        int rc = Methods.mpam_ref_set_possible_cpus((uint)cpus);
        for (int cpu = 0; rc == 0 && cpu < cpus; cpu++)
            rc = Methods.mpam_ref_set_cpu_node((uint)cpu, (int)((long)cpu * nodes / cpus));
        return Status(rc);
    }

    public int AddClass(int classId, MpamClassType type, int level) =>
        Status(Methods.mpam_ref_add_class(classId, (int)type, (byte)level));

    public int AddComponent(int classId, int componentId, ReadOnlySpan<ulong> affinity)
    {
        fixed (ulong* words = affinity)
            return Status(Methods.mpam_ref_add_component(classId, componentId, words, (uint)affinity.Length));
    }

    public int Mount(MountOptions options) => Status(Methods.mpam_ref_mount((byte)options));
    public int Unmount() => Status(Methods.mpam_ref_unmount());

    public int SchemataWrite(int rid, int closid, int type, ReadOnlySpan<int> domainIds, ReadOnlySpan<uint> values)
    {
        fixed (int* ids = domainIds)
        fixed (uint* vals = values)
            return Status(Methods.mpam_ref_schemata_write(rid, (uint)closid, type, ids, vals, (uint)domainIds.Length));
    }

    // A configuration value is a u32; a negative result is an errno.
    public int SchemataRead(int rid, int domainId, int closid, int type) =>
        Value((int)Methods.mpam_ref_schemata_read(rid, domainId, (uint)closid, type));

    public int Exit() => Status(Methods.mpam_ref_exit());
    public int TeardownClass(int classId) => Status(Methods.mpam_ref_teardown_class(classId));
    public int MonCtxAlloc(int eventId) => Value((int)Methods.mpam_ref_mon_ctx_alloc(eventId));
    public int MonCtxFree(int eventId) => Status(Methods.mpam_ref_mon_ctx_free(eventId));
    public int RmidRead(int domainId, int closid, int rmid, int eventId) =>
        Value((int)Methods.mpam_ref_rmid_read(domainId, (uint)closid, (uint)rmid, eventId));
    public int CpusWrite(int cpu, int closid, int rmid) => Status(Methods.mpam_ref_cpus_write((uint)cpu, (uint)closid, (uint)rmid));
    public int TaskWrite(int task, int closid, int rmid) => Status(Methods.mpam_ref_task_write((uint)task, (uint)closid, (uint)rmid));
    public int TaskMatch(int task, int closid, int rmid) => Value(Methods.mpam_ref_task_match((uint)task, (uint)closid, rmid));

    public int SetClassProps(int classId, ReadOnlySpan<ulong> features, int cpbmWd, int mbwPbmBits, int bwaWd, int numCsuMon, int numMbwuMon)
    {
        fixed (ulong* words = features)
            return Status(Methods.mpam_ref_set_class_props(classId, words, (uint)features.Length,
                (ushort)cpbmWd, (ushort)mbwPbmBits, (ushort)bwaWd, (ushort)numCsuMon, (ushort)numMbwuMon));
    }

    public int SetCacheInfo(ReadOnlySpan<ulong> cpus, int level, int id, int size)
    {
        fixed (ulong* words = cpus)
            return Status(Methods.mpam_ref_set_cacheinfo(words, (uint)cpus.Length, (uint)level, (uint)id, (uint)size));
    }

    public int MapClass(int rid, int classId, bool allocCapable) =>
        Status(Methods.mpam_ref_map_class(rid, classId, allocCapable ? (byte)1 : (byte)0));

    public int SetPartidMax(int partidMax) =>
        Status((uint)partidMax > ushort.MaxValue ? -Errno.EINVAL : Methods.mpam_ref_set_partid_max((ushort)partidMax));

    public int SetPmgMax(int pmgMax) =>
        Status((uint)pmgMax > byte.MaxValue ? -Errno.EINVAL : Methods.mpam_ref_set_pmg_max((byte)pmgMax));
    public int RmidIdxEncode(int closid, int rmid) => Value((int)Methods.mpam_ref_rmid_idx_encode((uint)closid, (uint)rmid));
    public int RmidIdxDecode(int idx, bool wantRmid) => Value((int)Methods.mpam_ref_rmid_idx_decode((uint)idx, wantRmid ? (byte)1 : (byte)0));
    public int Setup() => Status(Methods.mpam_ref_setup());
    public int CpuOnline(int cpu) => Status(Methods.mpam_ref_cpu_online((uint)cpu));
    public int CpuOffline(int cpu) => Status(Methods.mpam_ref_cpu_offline((uint)cpu));
    public int AllocCapable() => Value(Methods.mpam_ref_alloc_capable());
    public int NumClosid() => Value((int)Methods.mpam_ref_get_num_closid());
    public int GetResource(uint level) => Value(Methods.mpam_ref_get_resource(level));

    public int FailAlloc(int nth)
    {
        Methods.mpam_ref_fail_alloc((uint)nth);
        return Status(0);
    }

    public int FailFs(FsCall call, int nth, int error) => Status(Methods.mpam_ref_fail_fs((int)call, (uint)nth, error));

    public void Fill(StateSnapshot s)
    {
        Methods.mpam_ref_end_step();                               // what is still held when the step returned is reported
        mpam_ref_counters counters;
        Methods.mpam_ref_counters(&counters);
        // The same snapshot filled at the fill before holds every mask the C side did not write
        // this time, where it was: only the changed ones are copied.
        bool sameTarget = _lastFill.Holds(s);
        if (!sameTarget)
            Methods.mpam_ref_snapshot_forget();                    // a whole fill: the C side walks its lists too
        ref var info = ref ReadSnapshot();
        int maskWords = (int)info.mask_words;
        bool retained = sameTarget && s.MaskWords == maskWords;
        bool keepDomains = retained && info.domains_kept != 0;
        if (keepDomains)
            s.BeginKeepingDomains((int)info.nr_cpu_ids);
        else
            s.Begin((int)info.nr_cpu_ids);
        _lastFill.Filled(s);
        for (int r = 0; r < info.resource_count; r++)
        {
            ref readonly var res = ref _resources[r];
            ref var row = ref s.AddResource();
            row.ClassMapped = res.class_mapped != 0;
            row.AllocCapable = res.alloc_capable != 0;
            row.CdpEnabled = res.cdp_enabled != 0;
            row.ClassId = res.class_id;
            row.MonCapable = res.mon_capable != 0;
            row.DefaultCtrl = res.default_ctrl;
            row.MinBw = res.min_bw;
            row.BwGran = res.bw_gran;
            row.NumRmid = res.num_rmid;
            row.CtrlScope = res.ctrl_scope;
            row.MonScope = res.mon_scope;
            row.CdpCapable = res.cdp_capable != 0;
            row.SparseMasks = res.sparse_masks != 0;
            row.DelayLinear = res.delay_linear != 0;
            row.MinCbmBits = res.min_cbm_bits;
            row.ShareableBits = res.shareable_bits;
            row.ToldName = ToldName(r);
            if (keepDomains)
                continue;
            for (uint d = res.first_domain; d < res.first_domain + res.domain_count; d++)
                AddDomain(s, in _domains[d], maskWords, monitor: false, retained);
            for (uint d = res.first_mon_domain; d < res.first_mon_domain + res.mon_domain_count; d++)
                AddDomain(s, in _domains[d], maskWords, monitor: true, retained);
        }
        // The C side's lists did not change, or only by the links and unlinks it names: it makes
        // those, then names the domains whose masks it rewrote, and which words of each.
        if (keepDomains && info.edit_count > 0)
            FollowEdits(s, maskWords);
        for (int k = 0; keepDomains && k < info.changed_count; k++)
        {
            int slot = (int)info.changed[k], from = (int)info.changed_from[k], end = (int)info.changed_end[k];
            ref readonly var dom = ref _domains[slot];
            _masks.AsSpan((int)dom.mask_offset + from, end - from).CopyTo(s.RewriteMaskWords(slot, from, end));
            s.Domains[slot].CpuCount = (int)dom.cpu_count;
        }
        fixed (ulong* online = s.OnlineMask)
            Methods.mpam_ref_hotplug_online_mask(online, (uint)maskWords);

        s.Counters = new CounterObservation
        {
            Generation = counters.generation,
            AllocsTotal = counters.allocs_total,
            FreesTotal = counters.frees_total,
            AllocsLive = counters.allocs_live,
            AllocFailures = counters.alloc_failures,
            DoubleFrees = counters.double_frees,
            ForeignFrees = counters.foreign_frees,
            WarnHits = counters.warn_hits,
            RuleReports = counters.rule_reports,
            Violations = counters.violations,
            LedgerFingerprint = counters.ledger_fingerprint,
            SyncRcuCalls = counters.sync_rcu_calls,
            WakeUps = counters.wake_ups,
            EventsTotal = counters.events_total,
            MessagesTotal = counters.messages_total,
        };
        s.Lifecycle = new LifecycleObservation
        {
            NrCpuIds = (int)info.nr_cpu_ids,
            MpamEnabled = info.mpam_enabled != 0,
            SetupDone = info.setup_done != 0,
            SetupResult = info.setup_result,
            CallbacksRegistered = info.callbacks_registered != 0,
            FreedListed = info.freed_listed,
            ContextsHeld = info.contexts_held,
            RmidReallocLimit = info.rmid_realloc_limit,
            RmidReallocThreshold = info.rmid_realloc_threshold,
        };

        s.Step.Begin(_rcKind);
        s.Step.Rc = _rc;
        ReadWarnSites(counters.warn_hits, s);
        // Configurations are read again only when something they are read from moved (the glue's version).
        if (retained && info.configs_version == _configsVersion)
            s.KeepConfigs();
        else
            ReadConfigs(s);
        _configsVersion = info.configs_version;
        ReadRegisters(s, in info, retained);
        if (counters.events_total != _eventsSeen)
            DrainEvents(s, counters.events_total);
        if (counters.violations != _rulesSeen)
            DrainRules(s, counters.violations);
        if (counters.messages_total != _messagesSeen)
            DrainMessages(counters.messages_total);
    }

    private readonly mpam_ref_list_edit[] _edits = new mpam_ref_list_edit[Methods.MPAM_REF_EDITS_MAX];

    // Each edit in order: an unlinked domain's row goes, a linked one's comes in whole from its
    // entry and its mask's home (where the C side put both once every edit was made).
    private void FollowEdits(StateSnapshot s, int maskWords)
    {
        uint count;
        fixed (mpam_ref_list_edit* edits = _edits)
            count = Methods.mpam_ref_snapshot_edits(edits, (uint)_edits.Length);
        for (int e = 0; e < count; e++)
        {
            ref readonly var edit = ref _edits[e];
            bool monitor = edit.monitor != 0;
            int index = (int)edit.index;
            if (edit.inserted == 0)
            {
                s.RemoveDomain(edit.rid, monitor, index);
                continue;
            }
            ref readonly var dom = ref _domains[edit.slot];
            _masks.AsSpan((int)dom.mask_offset, maskWords)
                .CopyTo(s.InsertDomain(edit.rid, monitor, index, HomeOf(in dom, maskWords), dom.id, dom.type, dom.rid, monitor ? -1 : dom.comp_id));
            s.Domains[s.ListSlot(edit.rid, monitor, index)].CpuCount = (int)dom.cpu_count;
        }
    }

    // The mask lives at the home the C side gave it; a snapshot this side did not fill last holds none of them.
    private void AddDomain(StateSnapshot s, in mpam_ref_domain dom, int maskWords, bool monitor, bool retained)
    {
        int compId = monitor ? -1 : dom.comp_id;
        int wasSlot = retained ? dom.was_slot : -1;
        var mask = s.AddDomainAt(HomeOf(in dom, maskWords), dom.id, dom.type, dom.rid, compId, monitor, wasSlot);
        if (wasSlot < 0)
            _masks.AsSpan((int)dom.mask_offset, maskWords).CopyTo(mask);
        s.Domains[s.Domains.Count - 1].CpuCount = (int)dom.cpu_count;
    }

    // The place the C side gave a domain's mask, in masks.
    private static int HomeOf(in mpam_ref_domain dom, int maskWords) => maskWords == 0 ? 0 : (int)dom.mask_offset / maskWords;

    private LastFill _lastFill;
    // The glue's configurations version when this side last filled configurations.
    private ulong _configsVersion;

    private int Status(int rc) { _rc = rc; _rcKind = RcKind.Status; return rc; }
    private int Value(int rc) { _rc = rc; _rcKind = RcKind.Value; return rc; }

    // Fills the buffers, growing them when the C side says they are too small. The C side's
    // "unchanged" now refers to this snapshot: no fill before it can keep its masks (Fill sets anew).
    // What it says of the snapshot is read where it wrote it: a copy a step was most of a kilobyte.
    private ref mpam_ref_snapshot_info ReadSnapshot()
    {
        _lastFill.Forget();
        ref var info = ref _info[0];
        while (true)
        {
            int rc;
            fixed (mpam_ref_snapshot_info* at = &info)
            fixed (mpam_ref_resource* res = _resources)
            fixed (mpam_ref_domain* dom = _domains)
            fixed (ulong* masks = _masks)
                rc = Methods.mpam_ref_snapshot(at, res, (uint)_resources.Length, dom, (uint)_domains.Length, masks, (uint)_masks.Length);
            if (rc == 0)
                return ref info;
            if (rc != -ENOSPC || (info.resource_count <= _resources.Length && info.domain_count <= _domains.Length && info.mask_words_needed <= _masks.Length))
                throw new InvalidOperationException($"mpam_ref_snapshot() returned {rc}");
            Grow(ref _resources, (int)info.resource_count);
            GrowPinned(ref _domains, (int)info.domain_count);
            // Room for a home per domain slot, however the C side places them.
            GrowPinned(ref _masks, (int)Math.Max(info.mask_words_needed, (ulong)_domains.Length * info.mask_words));
        }
    }

    private readonly mpam_ref_snapshot_info[] _info = new mpam_ref_snapshot_info[1];

    // The version and possible CPUs of the CPU registers this side last read.
    private (ulong Version, uint NrCpuIds) _cpuRegistersRead = (ulong.MaxValue, uint.MaxValue);
    private mpam_ref_register_run[] _runs = new mpam_ref_register_run[4];

    // The CPUs' registers are read again only when one was written or the possible CPUs changed.
    private void ReadRegisters(StateSnapshot s, in mpam_ref_snapshot_info info, bool retained)
    {
        for (int t = 0; t < RegisterObservation.TaskCount; t++)
            s.Registers.Tasks[t] = info.task_regval[t];
        s.Registers.GlobalDefault = info.global_default;
        if (retained && _cpuRegistersRead == (info.cpu_registers_version, info.nr_cpu_ids))
        {
            s.KeepCpuRegisters();
            return;
        }
        uint count = FetchAll<mpam_ref_register_run>(ref _runs, Methods.mpam_ref_cpu_registers);
        for (int i = 0; i < count; i++)
            s.AddCpuRegisters((int)_runs[i].first_cpu, (int)_runs[i].last_cpu, _runs[i].default_regval, _runs[i].current_regval);
        _cpuRegistersRead = (info.cpu_registers_version, info.nr_cpu_ids);
    }

    private void ReadConfigs(StateSnapshot s)
    {
        uint count = FetchAll<mpam_ref_config>(ref _configs, Methods.mpam_ref_configs);
        for (int i = 0; i < count; i++)
        {
            ref readonly var c = ref _configs[i];
            s.Configs.Add(new ConfigObservation
            {
                Rid = c.rid, DomainId = c.domain_id, Partid = c.partid, Cpbm = c.cpbm, MbwPbm = c.mbw_pbm, MbwMax = c.mbw_max, Features = c.features,
            });
        }
    }

    private void ReadWarnSites(uint warnHits, StateSnapshot s)
    {
        if (warnHits != _warnHitsSeen)
        {
            _warnHitsSeen = warnHits;
            uint count = FetchAll<mpam_ref_warn_site>(ref _sites, Methods.mpam_ref_warn_sites);
            _sitesNow.AsSpan().CopyTo(_sitesBefore.Resize(_sitesNow.Count));
            _sitesNow.Clear();
            fixed (mpam_ref_warn_site* sites = _sites)
                for (int i = 0; i < count; i++)
                    _sitesNow.Add(new WarnSiteObservation
                    {
                        Function = _names.Intern(Bytes(sites[i].func, Methods.MPAM_REF_FUNC_LEN)),
                        Condition = _names.Intern(Bytes(sites[i].cond, Methods.MPAM_REF_TEXT_LEN)),
                        Hits = sites[i].hits,
                        Reported = sites[i].reported,
                    });
            s.Step.RecordWarnGrowth(_sitesBefore.AsSpan(), _sitesNow.AsSpan());
        }
        foreach (ref readonly var site in _sitesNow.AsSpan())
            s.AddWarnSite(site.Function, site.Condition, site.Hits, site.Reported);
    }

    private void DrainEvents(StateSnapshot s, uint total)
    {
        Grow(ref _events, (int)(total - _eventsSeen));
        uint n;
        fixed (mpam_ref_event* events = _events)
            n = Methods.mpam_ref_drain_events(events, (uint)_events.Length);
        _eventsSeen += n;
        for (int i = 0; i < n; i++)
        {
            ref readonly var e = ref _events[i];
            s.Step.Events.Add(new EventObservation
            {
                Kind = (FsEventKind)e.kind,
                Rid = e.rid,
                DomainId = e.domain_id,
                Cpu = e.cpu,
                DomainCpuCount = e.domain_cpu_count,
                Seq = e.seq,
            });
        }
    }

    private void DrainRules(StateSnapshot s, uint total)
    {
        Grow(ref _rules, (int)(total - _rulesSeen));
        fixed (mpam_ref_rule_report* rules = _rules)
        {
            uint n = Methods.mpam_ref_drain_rule_reports(rules, (uint)_rules.Length);
            _rulesSeen += n;
            for (int i = 0; i < n; i++)
            {
                var (function, detail) = RuleSite(rules[i].site);
                s.Step.RuleReports.Add(new RuleReportObservation
                {
                    Kind = (RuleKind)rules[i].kind,
                    Seq = rules[i].seq,
                    Printed = rules[i].printed != 0,
                    Function = function,
                    Detail = detail,
                });
            }
        }
    }

    // What each rule site says, by its number, fetched at its first report: the library keeps a
    // site's number until it is unloaded, and this side lives as long as the library it loaded.
    private readonly List<(string Function, string Detail)> _ruleSites = [];

    private (string Function, string Detail) RuleSite(uint site)
    {
        while (_ruleSites.Count <= site)
        {
            mpam_ref_rule_site text;
            int rc = Methods.mpam_ref_rule_site((uint)_ruleSites.Count, &text);
            if (rc != 0)
                throw new InvalidOperationException($"mpam_ref_rule_site({_ruleSites.Count}) returned {rc} for a site a report named");
            _ruleSites.Add((_names.Intern(Bytes(text.func, Methods.MPAM_REF_FUNC_LEN)), _names.Intern(Bytes(text.detail, Methods.MPAM_REF_TEXT_LEN))));
        }
        return _ruleSites[(int)site];
    }

    // printk output is not an observable the model renders; draining keeps the C side's log short.
    private void DrainMessages(uint total)
    {
        Grow(ref _messages, (int)(total - _messagesSeen));
        fixed (mpam_ref_message* messages = _messages)
            _messagesSeen += Methods.mpam_ref_drain_messages(messages, (uint)_messages.Length);
    }

    private IEnumerable<string> ReadResourceNames()
    {
        ReadSnapshot();
        var names = new string[Methods.mpam_ref_num_resources()];
        for (int r = 0; r < names.Length; r++)
            fixed (sbyte* name = _resources[r].name)
                names[r] = new string(name);
        return names;
    }

    private static ReadOnlySpan<byte> Bytes(sbyte* text, int length) => new(text, length);

    // The name the filesystem is shown for resource r, as a string made once: it is read every
    // step and changes at setup, so the bytes it was made of are kept beside it and compared first.
    // It is the runtime's interned instance, the one the model's literals are: ToldNames finds its
    // number by reference, whichever side named it first.
    private readonly (byte[] Bytes, string Text)[] _toldNames = new (byte[], string)[Methods.MPAM_REF_MAX_RESOURCES];

    private string ToldName(int r)
    {
        fixed (sbyte* told = _resources[r].told_name)
        {
            var bytes = Bytes(told, Methods.MPAM_REF_NAME_LEN);
            ref var kept = ref _toldNames[r];
            if (kept.Text is null || !bytes.SequenceEqual(kept.Bytes))
                kept = (bytes.ToArray(), string.Intern(_names.Intern(bytes)));
            return kept.Text;
        }
    }

    private static void GrowPinned<T>(ref T[] buffer, int needed)
    {
        if (buffer.Length < needed)
            buffer = GC.AllocateArray<T>(Math.Max(needed, buffer.Length * 2), pinned: true);   // refilled whole: nothing to copy
    }

    private static void Grow<T>(ref T[] buffer, int needed)
    {
        if (buffer.Length < needed)
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
    }
}
