using Conformance.Model;
using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>
/// Turns one data row into typed steps in the context of its scenario, reporting every problem
/// through the error callback (field index, offset in the field, what was expected).
/// </summary>
internal sealed class RowParser(ResourceProfile profile, Action<int, int, string> error)
{
    private static readonly string[] ClassTypes = ["cache", "memory", "unknown"];
    private static readonly string[] Bits = ["0", "1"];
    private static readonly string[] ConfTypes = ["none", "code", "data"];   // enum resctrl_conf_type

    private static readonly Dictionary<StepOp, string[]> KnownArgs = new()
    {
        [StepOp.Topology] = ["cpus", "nodes"],
        [StepOp.Class] = ["id", "type", "level"],
        [StepOp.Component] = ["class", "id", "cpus"],
        [StepOp.Map] = ["res", "class", "alloc_capable"],
        [StepOp.PartidMax] = ["value"],
        [StepOp.PmgMax] = ["value"],
        [StepOp.RmidIdx] = ["closid", "rmid"],
        [StepOp.RmidIdxDecode] = ["idx", "field"],
        [StepOp.Setup] = [],
        [StepOp.Online] = ["cpu", "cpus"],
        [StepOp.Offline] = ["cpu", "cpus"],
        [StepOp.FailAlloc] = ["nth"],
        [StepOp.FailOnlineCtrlDomain] = ["nth", "err"],
        [StepOp.FailFs] = ["call", "nth", "err"],
        [StepOp.MonCtxAlloc] = ["event"],
        [StepOp.MonCtxFree] = ["event"],
        [StepOp.RmidRead] = ["domain", "closid", "rmid", "event"],
        [StepOp.CpusWrite] = ["cpu", "closid", "rmid"],
        [StepOp.TaskWrite] = ["task", "closid", "rmid"],
        [StepOp.TaskMatch] = ["task", "closid", "rmid"],
        [StepOp.AllocCapable] = [],
        [StepOp.NumClosid] = [],
        [StepOp.GetResource] = ["level"],
        [StepOp.Cache] = ["cpus", "level", "id", "size"],
        [StepOp.Mount] = ["cdp", "cdpl2"],
        [StepOp.Unmount] = [],
        [StepOp.Schemata] = ["res", "closid", "type", "domains"],
        [StepOp.SchemataRead] = ["res", "domain", "closid", "type"],
        [StepOp.Exit] = [],
        [StepOp.Teardown] = ["class"],
        [StepOp.Props] = ["class", "features", "cpbm_wd", "mbw_pbm_bits", "bwa_wd", "csu_mon", "mbwu_mon"],
    };

    // An error in the args field, made once for every row.
    private Action<int, string> ArgsError => _argsError ??= (offset, what) => error(VectorColumns.Args, offset, what);
    private Action<int, string>? _argsError;

    public void Parse(CsvRow row, ScenarioBuilder scenario)
    {
        string opText = row[VectorColumns.Op];
        if (!StepOps.TryParse(opText, out var op))
        {
            error(VectorColumns.Op, 0, $"an op ({string.Join(", ", StepOps.AllNames)}), got '{opText}'");
            return;
        }
        string argsText = row[VectorColumns.Args];
        var args = new ArgsCell(argsText, KnownArgs[op], opText, ArgsError);
        CheckPlace(op, scenario);
        var expect = ParseExpectations(row, op);
        if (op is StepOp.Online or StepOp.Offline)
        {
            if (CpuOrder(args, scenario) is { } cpus)
                scenario.Steps.AddCpus(op, row.Line, argsText, expect, cpus);
            return;
        }
        var typed = ParseArgs(op, args, scenario);
        if (op == StepOp.Setup && scenario.SetupLine == 0)
            scenario.SetupLine = row.Line;
        if (op == StepOp.Topology && scenario.TopologyLine == 0)
            scenario.TopologyLine = row.Line;
        foreach (var one in typed)
            scenario.Steps.Add(op, row.Line, argsText, expect, one);
    }

    /// <summary>Ops that only make sense in some places of a scenario.</summary>
    private void CheckPlace(StepOp op, ScenarioBuilder scenario)
    {
        if (op == StepOp.Topology && scenario.TopologyLine != 0)
            error(VectorColumns.Op, 0, $"one topology row per scenario (the first is at line {scenario.TopologyLine})");
        if (op == StepOp.Setup && scenario.SetupLine != 0)
            error(VectorColumns.Op, 0, $"one setup row per scenario: mpam_enable_once() runs once (setup is at line {scenario.SetupLine})");
        if (StepOps.IsConfiguration(op) && scenario.SetupLine != 0)
            error(VectorColumns.Op, 0, $"{StepOps.NameOf(op)} before setup (line {scenario.SetupLine}): the platform is described before MPAM is enabled");
        if (op is StepOp.Component or StepOp.Online or StepOp.Offline or StepOp.Cache or StepOp.CpusWrite && scenario.NrCpus == 0)
            error(VectorColumns.Op, 0, $"a topology row before the first row that names a CPU ({StepOps.NameOf(op)})");
    }

    private List<StepArgs> ParseArgs(StepOp op, ArgsCell args, ScenarioBuilder scenario)
    {
        var steps = new List<StepArgs>(1);
        switch (op)
        {
            case StepOp.Topology:
            {
                var cpus = args.Integer("cpus", 1, MpamTopology.MaxCpus);
                var nodes = args.Integer("nodes", 1, MpamTopology.MaxCpus, fallback: 1);
                if (cpus is { } n && nodes is { } m)
                {
                    steps.Add(new TopologyArgs((int)n, (int)m));
                    if (scenario.TopologyLine == 0)
                        scenario.NrCpus = (int)n;
                }
                break;
            }
            case StepOp.Class:
            {
                var id = args.Integer("id", int.MinValue, int.MaxValue);
                var type = args.Word("type", ClassTypes);
                var classLevel = args.Integer("level", 0, 255, fallback: 0);
                if (id is { } i && !scenario.Classes.Add((int)i))
                    error(VectorColumns.Args, args.OffsetOf("id"), $"a class id not declared before in this scenario, got {i}");
                if (id is { } c && type is { } t && classLevel is { } l)
                    steps.Add(new ClassArgs((int)c, (MpamClassType)Array.IndexOf(ClassTypes, t), (int)l));
                break;
            }
            case StepOp.Mount:
                // The filesystem's mount options: "cdp" for the L3, "cdpl2" for the L2.
                if (args.Word("cdp", Bits, fallback: "0") is { } cdp && args.Word("cdpl2", Bits, fallback: "0") is { } cdpl2)
                    steps.Add(new MountArgs((cdp == "1" ? MountOptions.Cdp : 0) | (cdpl2 == "1" ? MountOptions.CdpL2 : 0)));
                break;
            case StepOp.Unmount or StepOp.Exit:
                steps.Add(NoArgs.Instance);
                break;
            case StepOp.Schemata:
            {
                var res = args.Word("res", profile.Names);
                var closid = args.Integer("closid", 0, ushort.MaxValue);
                var type = args.Word("type", ConfTypes, fallback: "none");
                var pairs = args.Pairs("domains");
                if (res is { } r && closid is { } c && type is { } t && pairs is not null)
                    steps.Add(new SchemataArgs(profile.IndexOf(r), (int)c, Array.IndexOf(ConfTypes, t), pairs.Select(p => p.Key).ToArray(), pairs.Select(p => p.Value).ToArray()));
                break;
            }
            case StepOp.SchemataRead:
            {
                var res = args.Word("res", profile.Names);
                var domain = args.Integer("domain", int.MinValue, int.MaxValue);
                var closid = args.Integer("closid", 0, ushort.MaxValue);
                var type = args.Word("type", ConfTypes, fallback: "none");
                if (res is { } r && domain is { } d && closid is { } c && type is { } t)
                    steps.Add(new SchemataReadArgs(profile.IndexOf(r), (int)d, (int)c, Array.IndexOf(ConfTypes, t)));
                break;
            }
            case StepOp.Teardown:
                if (DeclaredClass(args, scenario) is { } torn)
                    steps.Add(new TeardownArgs(torn));
                break;
            case StepOp.Props:
            {
                var classId = DeclaredClass(args, scenario);
                var features = args.WordSet("features", profile.Features);
                long? Width(string key, long max = ushort.MaxValue) => args.Integer(key, 0, max, fallback: 0);
                // bwa_wd: the field has 6 bits but describes at most 16 fractional bits (the driver's conversions shift by 16 - bwa_wd).
                var (cpbm, pbm, bwa, csu, mbwu) = (Width("cpbm_wd"), Width("mbw_pbm_bits"), Width("bwa_wd", 16), Width("csu_mon"), Width("mbwu_mon"));
                if (classId is { } c && features is not null && cpbm is { } w1 && pbm is { } w2 && bwa is { } w3 && csu is { } n1 && mbwu is { } n2)
                    steps.Add(new PropsArgs(c, features, (int)w1, (int)w2, (int)w3, (int)n1, (int)n2));
                break;
            }
            case StepOp.Cache:
            {
                var cpus = CpuMask(args, "cpus", scenario, required: true);
                var cacheLevel = args.Integer("level", Model.MpamTopology.MinCacheLevel, Model.MpamTopology.MaxCacheLevel);
                var cacheId = args.Integer("id", 0, int.MaxValue);
                var cacheSize = args.Integer("size", 0, int.MaxValue, fallback: 0);
                if (cpus is not null && cacheLevel is { } l && cacheId is { } i && cacheSize is { } s)
                    steps.Add(new CacheArgs(cpus, (int)l, (int)i, (int)s));
                break;
            }
            case StepOp.Component:
            {
                var classId = DeclaredClass(args, scenario);
                var id = args.Integer("id", int.MinValue, int.MaxValue);
                // A component may have no CPUs: an MSC on a memory node without CPUs.
                var mask = CpuMask(args, "cpus", scenario, required: true, allowEmpty: true);
                if (classId is { } c && id is { } i && mask is not null)
                    steps.Add(new ComponentArgs(c, (int)i, mask));
                break;
            }
            case StepOp.Map:
            {
                if (profile.PicksClasses)
                {
                    error(VectorColumns.Op, 0, "no map row: this revision picks the classes for its resources itself " +
                                               "(mpam_resctrl_pick_caches); describe the platform with class, component, props and cache rows");
                    break;
                }
                var res = args.Word("res", profile.Names.ToArray());
                var classId = DeclaredClass(args, scenario);
                var capable = args.Word("alloc_capable", Bits);
                if (res is { } r && classId is { } c && capable is { } a)
                    steps.Add(new MapArgs(profile.IndexOf(r), c, a == "1"));
                break;
            }
            case StepOp.PartidMax:
                if (args.Integer("value", 0, ushort.MaxValue) is { } v)
                    steps.Add(new PartidMaxArgs((int)v));
                break;
            case StepOp.PmgMax:
                if (args.Integer("value", 0, byte.MaxValue) is { } pmg)
                    steps.Add(new PmgMaxArgs((int)pmg));
                break;
            case StepOp.RmidIdx:
            {
                var closid = args.Integer("closid", 0, int.MaxValue);
                var rmid = args.Integer("rmid", 0, int.MaxValue);
                if (closid is { } c && rmid is { } r)
                    steps.Add(new RmidIdxArgs((int)c, (int)r));
                break;
            }
            case StepOp.RmidIdxDecode:
            {
                var idx = args.Integer("idx", 0, int.MaxValue);
                var field = args.Word("field", RmidIdxDecodeArgs.Fields);
                if (idx is { } i && field is not null)
                    steps.Add(new RmidIdxDecodeArgs((int)i, field == "rmid"));
                break;
            }
            case StepOp.FailAlloc:
                if (args.Integer("nth", 0, int.MaxValue) is { } allocNth)
                    steps.Add(new FailAllocArgs((int)allocNth));
                break;
            case StepOp.MonCtxAlloc or StepOp.MonCtxFree:
                if (args.Word("event", MonEvents.Names) is { } monEvent)
                    steps.Add(new MonEventArgs(MonEvents.Parse(monEvent)));
                break;
            case StepOp.RmidRead:
            {
                var domain = args.Integer("domain", int.MinValue, int.MaxValue);
                var closid = args.Integer("closid", 0, int.MaxValue);
                var rmid = args.Integer("rmid", 0, int.MaxValue);
                var readEvent = args.Word("event", MonEvents.Names);
                if (domain is { } d && closid is { } c && rmid is { } r && readEvent is not null)
                    steps.Add(new RmidReadArgs((int)d, (int)c, (int)r, MonEvents.Parse(readEvent)));
                break;
            }
            case StepOp.FailOnlineCtrlDomain or StepOp.FailFs:
            {
                // fail_online_ctrl_domain is fail_fs with its call named by the op.
                var call = op == StepOp.FailFs ? args.Word("call", FsCalls.Names) is { } c ? FsCalls.Parse(c) : (FsCall?)null : FsCall.OnlineCtrlDomain;
                var nth = args.Integer("nth", 0, int.MaxValue);
                var err = args.NegativeErrno("err", -Errno.ENOMEM);
                if (call is { } fn && nth is { } n && err is { } e)
                    steps.Add(new FailFsArgs(fn, (int)n, e));
                break;
            }
            case StepOp.CpusWrite:
            {
                // Any CPU of the topology: an offline one is the filesystem's refusal, a step of its own.
                var cpu = args.Integer("cpu", 0, Math.Max(0, scenario.NrCpus - 1));
                var closid = args.Integer("closid", 0, int.MaxValue);
                var rmid = args.Integer("rmid", 0, int.MaxValue);
                if (cpu is { } n && closid is { } c && rmid is { } r)
                    steps.Add(new CpusWriteArgs((int)n, (int)c, (int)r));
                break;
            }
            case StepOp.TaskWrite or StepOp.TaskMatch:
            {
                var task = args.Integer("task", 0, RegisterObservation.TaskCount - 1, fallback: 0);
                var closid = args.Integer("closid", 0, int.MaxValue);
                // A match may leave the rmid out: it asks about the closid alone.
                var rmid = args.Integer("rmid", 0, int.MaxValue, fallback: op == StepOp.TaskMatch ? TaskMatchArgs.ClosidOnly : null);
                if (task is { } t && closid is { } c && rmid is { } r)
                    steps.Add(op == StepOp.TaskWrite ? new TaskWriteArgs((int)t, (int)c, (int)r) : new TaskMatchArgs((int)t, (int)c, (int)r));
                break;
            }
            case StepOp.GetResource:
                if (args.Integer("level", 0, uint.MaxValue) is { } level)
                    steps.Add(new GetResourceArgs((uint)level));
                break;
            default:
                steps.Add(NoArgs.Instance);
                break;
        }
        return steps;
    }

    private int? DeclaredClass(ArgsCell args, ScenarioBuilder scenario)
    {
        var id = args.Integer("class", int.MinValue, int.MaxValue);
        if (id is { } c && !scenario.Classes.Contains((int)c))
        {
            error(VectorColumns.Args, args.OffsetOf("class"), $"a class declared by an earlier class row of this scenario, got class={c}");
            return null;
        }
        return (int?)id;
    }

    private ulong[]? CpuMask(ArgsCell args, string key, ScenarioBuilder scenario, bool required, bool allowEmpty = false)
    {
        var parsed = args.CpuItems(key, allowEmpty);
        if (parsed is null)
        {
            if (required && !args.Has(key))
                error(VectorColumns.Args, 0, $"{key}=LIST (a cpulist such as 0-3,8)");
            return null;
        }
        if (!WithinTopology(parsed.Value, scenario))
            return null;
        var mask = new ulong[CpuMaskBits.WordsFor(scenario.NrCpus)];
        foreach (int cpu in CpuList.Sequence(parsed.Value.Items))
            CpuMaskBits.Set(mask, cpu);
        return mask;
    }

    /// <summary>online/offline: exactly one of cpu=N and cpus=LIST; the CPUs as ranges in written order, or null.</summary>
    private IReadOnlyList<CpuList.Item>? CpuOrder(ArgsCell args, ScenarioBuilder scenario)
    {
        bool one = args.Has("cpu"), many = args.Has("cpus");
        if (one == many)
        {
            error(VectorColumns.Args, many ? args.OffsetOf("cpus") : 0, "exactly one of cpu=N or cpus=LIST");
            return null;
        }
        if (one)
        {
            if (args.Integer("cpu", 0, int.MaxValue) is not { } cpu)
                return null;
            if (scenario.NrCpus > 0 && cpu >= scenario.NrCpus)
            {
                error(VectorColumns.Args, args.OffsetOf("cpu") + 4, $"a CPU below {scenario.NrCpus} (the topology has {scenario.NrCpus}), got {cpu}");
                return null;
            }
            return [new CpuList.Item((int)cpu, (int)cpu, 0, 0)];
        }
        var parsed = args.CpuItems("cpus");
        if (parsed is null || !WithinTopology(parsed.Value, scenario))
            return null;
        return parsed.Value.Items;
    }

    private bool WithinTopology((IReadOnlyList<CpuList.Item> Items, int Offset) parsed, ScenarioBuilder scenario)
    {
        if (scenario.NrCpus == 0)
            return false;                                           // already reported: no topology yet
        bool ok = true;
        foreach (var item in parsed.Items)
        {
            if (item.First >= scenario.NrCpus)
                error(VectorColumns.Args, parsed.Offset + item.Offset, $"a CPU below {scenario.NrCpus} (the topology has {scenario.NrCpus}), got {item.First}");
            else if (item.Last >= scenario.NrCpus)
                error(VectorColumns.Args, parsed.Offset + item.LastOffset, $"a CPU below {scenario.NrCpus} (the topology has {scenario.NrCpus}), got {item.Last}");
            else
                continue;
            ok = false;
        }
        return ok;
    }

    private RowExpectations ParseExpectations(CsvRow row, StepOp op)
    {
        int? rc = null;
        string rcText = row[VectorColumns.ExpectRc];
        if (rcText.Length > 0)
        {
            try
            {
                rc = RcText.Parse(rcText);
                if (rcText == RcText.NotRun && op is not (StepOp.Online or StepOp.Offline))
                {
                    error(VectorColumns.ExpectRc, 0, "not-run only on online and offline rows");
                    rc = null;
                }
            }
            catch (TextFormatException e)
            {
                error(VectorColumns.ExpectRc, e.Offset, e.Expected);
            }
        }

        DomainListing? domains = null;
        string domainsText = row[VectorColumns.ExpectDomains];
        if (domainsText.Length > 0)
        {
            try
            {
                domains = DomainListing.Parse(domainsText, profile);
            }
            catch (TextFormatException e)
            {
                error(VectorColumns.ExpectDomains, e.Offset, $"canonical domain text (e.g. L3[0:0-3 1:4-7] MBA~[]): {e.Expected}");
            }
        }

        IReadOnlyList<ExpectedEvent>? events = null;
        string eventsText = row[VectorColumns.ExpectEvents];
        if (eventsText.Length > 0)
        {
            try
            {
                events = EventText.ParseList(eventsText, profile);
            }
            catch (TextFormatException e)
            {
                error(VectorColumns.ExpectEvents, e.Offset, e.Expected);
            }
        }

        string countersText = row[VectorColumns.ExpectCounters];
        var counters = countersText.Length > 0 ? ParseCounters(countersText) : null;
        return new RowExpectations(rc, domains, domains is null ? null : domainsText, events, counters, row[VectorColumns.Note]);
    }

    private List<CounterExpectation> ParseCounters(string text)
    {
        var counters = new List<CounterExpectation>();
        foreach (var (token, start) in SpaceTokens.Of(text))
        {
            int eq = token.LastIndexOf('=');
            string key = eq > 0 ? token[..eq] : token;
            if (eq <= 0)
            {
                error(VectorColumns.ExpectCounters, start, $"counter=N (one of {CounterKeys.Forms}), got '{token}'");
                continue;
            }
            if (!long.TryParse(token.AsSpan(eq + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value))
            {
                error(VectorColumns.ExpectCounters, start + eq + 1, $"a non-negative decimal count for {key}");
                continue;
            }
            if (key.StartsWith(CounterKeys.WarnPrefix, StringComparison.Ordinal))
            {
                string site = key[CounterKeys.WarnPrefix.Length..];
                int colon = site.IndexOf(':');
                if (colon <= 0 || colon == site.Length - 1)
                {
                    error(VectorColumns.ExpectCounters, start, $"warn:FUNCTION:CONDITION=N (e.g. warn:mpam_resctrl_offline_cpu:!dom=1), got '{token}'");
                    continue;
                }
                counters.Add(new CounterExpectation(key, value, site[..colon], site[(colon + 1)..]));
            }
            else if (Array.FindIndex(CounterKeys.RegisterPrefixes, p => key.StartsWith(p.Prefix, StringComparison.Ordinal)) is var which and >= 0)
            {
                var (prefix, kind) = CounterKeys.RegisterPrefixes[which];
                string rest = key[prefix.Length..];
                int colon = rest.IndexOf(':');
                int limit = kind == RegisterKind.Task ? RegisterObservation.TaskCount : int.MaxValue;
                if (colon <= 0 || !int.TryParse(rest.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
                    || index >= limit || Array.IndexOf(CounterKeys.RegisterFields, rest[(colon + 1)..]) < 0)
                {
                    string what = kind == RegisterKind.Task ? $"TASK:FIELD=N with TASK 0-{limit - 1}" : "CPU:FIELD=N";
                    error(VectorColumns.ExpectCounters, start, $"{prefix}{what} and FIELD one of {string.Join(", ", CounterKeys.RegisterFields)} (e.g. {prefix}1:partid_d=5), got '{token}'");
                    continue;
                }
                counters.Add(new CounterExpectation(key, value, Register: kind, Index: index));
            }
            else if (CounterKeys.IsKnown(key))
                counters.Add(new CounterExpectation(key, value));
            else
                error(VectorColumns.ExpectCounters, start, $"a counter ({CounterKeys.Forms}), got '{key}'");
        }
        return counters;
    }
}
