using CsCheck;

namespace Conformance.Explore;

/// <summary>
/// The op grammar of a revision that picks the classes for its resources itself (caches-cdp,
/// mainline): the platform is classes with components, each class's merged props and the CPUs'
/// cacheinfo, never a map row. The picking code then finds (or refuses) an L3 and L2 with usable
/// CPOR, an MBA class whose topology matches the L3, and a CSU class for the counters; so the
/// grammar draws props that are usable, unusable and absent, caches that agree with the
/// components and caches that do not (another id, fewer CPUs, none). After the platform come
/// partid_max and pmg_max, the hotplug ops, setup, injected faults at each allocation and filesystem call,
/// mount and unmount with and without CDP, schemata writes and reads, and for a family with
/// monitors the monitor contexts, rmid reads, the rmid index both ways, exit and teardown. Valid by construction: every
/// configuration row comes before setup, every class named is declared, every CPU is below the count.
/// </summary>
public static class PickedClassesGrammar
{
    private const int L3Class = 0, L2Class = 1, MemoryClass = 2;
    private static readonly string[] ControlResources = ["L3", "L2", "MBA"];
    private static readonly string[] Events = ["l3_occupancy", "mbm_total", "mbm_local"];

    public static Gen<GeneratedScenario> Create(IReadOnlyList<string> features, bool monitors)
    {
        var known = features.ToHashSet(StringComparer.Ordinal);
        return
            from cpus in ScenarioGrammar.CpuCount
            from nodes in Gen.Frequency((3, Gen.Const<int>(1)), (1, Gen.Const<int>(Math.Min(2, cpus))))
            from l2 in Gen.Frequency((2, Gen.Const(false)), (1, Gen.Const(true)))
            from memory in Gen.Bool
            from l3Components in ScenarioGrammar.Component(cpus).Array[1, 3]
            from l2Components in ScenarioGrammar.Component(cpus).Array[1, 3]
            from memoryComponents in ScenarioGrammar.Component(cpus).Array[1, 2]
            from l3Props in CacheProps(known)
            from l2Props in CacheProps(known)
            from memoryProps in MemoryProps(known)
            from l3Caches in Caches(cpus, 3, l3Components)
            from l2Caches in Caches(cpus, 2, l2Components)
            from partidMax in Gen.Frequency((1, Gen.Const((int?)null)), (3, Gen.Int[0, 15].Select(v => (int?)v)))
            from pmgMax in Gen.Frequency((2, Gen.Const((int?)null)), (1, Gen.Int[0, 3].Select(v => (int?)v)))
            from early in ScenarioGrammar.Cpu(cpus).Array[0, 4]
            from ops in Op(cpus, monitors, Declared(l2, memory)).Array[1, 10]
            from setupAt in Gen.Int[0, 3]
            select Build(new Platform(cpus, nodes, l2, memory, l3Components, l2Components, memoryComponents, l3Props, l2Props, memoryProps,
                l3Caches, l2Caches, partidMax, pmgMax), early, ops, setupAt);
    }

    private sealed record Platform(int Cpus, int Nodes, bool L2, bool Memory,
        (int Id, int First, int Last)[] L3Components, (int Id, int First, int Last)[] L2Components, (int Id, int First, int Last)[] MemoryComponents,
        string L3Props, string L2Props, string MemoryProps, string[] L3Caches, string[] L2Caches, int? PartidMax, int? PmgMax);

    // A cache class's props: CPOR with a bitmap resctrl can use or one too wide (over 32 bits),
    // CSU with and without monitors; sometimes nothing usable at all.
    private static Gen<string> CacheProps(IReadOnlySet<string> known) =>
        ClassProps(known, "cpor_part", "cpbm_wd", Gen.Frequency((4, Gen.Int[1, 16]), (1, Gen.Const(40))), "msmon_csu", "csu_mon");

    // A memory class's props: MBW_MAX with a width or without one (not usable), MBWU sometimes.
    private static Gen<string> MemoryProps(IReadOnlySet<string> known) =>
        ClassProps(known, "mbw_max", "bwa_wd", Gen.Frequency((4, Gen.Int[1, 16]), (1, Gen.Const(0))), "msmon_mbwu", "mbwu_mon");

    // A control feature with its width, mostly there, and a monitor feature with its count, half the time.
    private static Gen<string> ClassProps(IReadOnlySet<string> known, string control, string width, Gen<int> widths, string monitor, string monitors) =>
        from hasControl in Gen.Frequency((4, Gen.Const(true)), (1, Gen.Const(false)))
        from w in widths
        from hasMonitor in Gen.Bool
        from n in Gen.Int[0, 4]
        select Props(known, (hasControl, control, $"{width}={w}"), (hasMonitor, monitor, $"{monitors}={n}"));

    // Only the features the revision's own enum has; a width goes with its feature.
    private static string Props(IReadOnlySet<string> known, params (bool On, string Feature, string Width)[] parts)
    {
        var on = parts.Where(p => p.On && known.Contains(p.Feature)).ToList();
        return on.Count == 0 ? "" : $"features={string.Join(',', on.Select(p => p.Feature))} {string.Join(' ', on.Select(p => p.Width))}";
    }

    // What cacheinfo says at a level: mostly each component's CPUs with its id (the picking code
    // matches them), sometimes another id, fewer CPUs, or nothing for a component.
    private static Gen<string[]> Caches(int cpus, int level, (int Id, int First, int Last)[] components) =>
        Gen.Frequency((6, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3))).Array[components.Length]
            .Select(Gen.Frequency((3, Gen.Const(1 << 20)), (1, Gen.Const(1 << 19)), (1, Gen.Const(0))), (how, size) =>
                components.Select((c, i) => how[i] switch
                {
                    0 => $"cpus={c.First}-{c.Last} level={level} id={c.Id} size={size}",
                    1 => $"cpus={c.First}-{c.Last} level={level} id={c.Id + 4} size={size}",
                    2 => $"cpus={c.First}-{c.First} level={level} id={c.Id} size={size}",
                    _ => "",
                }).Where(a => a.Length > 0).ToArray());

    private static int[] Declared(bool l2, bool memory) =>
        new[] { (L3Class, true), (L2Class, l2), (MemoryClass, memory) }.Where(c => c.Item2).Select(c => c.Item1).ToArray();

    // The ops after the platform: hotplug and faults at any time; the filesystem's actions inside
    // a mount (a session: mount, actions, mostly an unmount); for a family with monitors, the
    // driver detaching at the end (exit, then its classes torn down).
    private static Gen<GeneratedRow[]> Op(int cpus, bool monitors, int[] classes)
    {
        List<(int, IGen<GeneratedRow[]>)> top =
        [
            .. ScenarioGrammar.Hotplug(cpus),
            (2, Gen.Int[1, 5].Select(n => One("fail_alloc", $"nth={n}"))),
            (1, Gen.Int[1, 2].Select(n => One("fail_fs", $"call=online_ctrl_domain nth={n}"))),
            (5, Session(cpus, monitors)),
            (1, Gen.Int[0, 15].Select(v => One("partid_max", $"value={v}"))),
            (1, Gen.Int[0, 3].Select(v => One("pmg_max", $"value={v}"))),
            (1, Gen.OneOf(One("num_closid", ""), One("alloc_capable", ""))),
        ];
        if (monitors)
            top.AddRange(
            [
                (1, Gen.OneOf("online_mon_domain", "resctrl_init").Select(call => One("fail_fs", $"call={call} nth=1"))),
                (1, Gen.OneOf(classes).Array[0, classes.Length].Select(torn =>
                    torn.Distinct().Select(c => new GeneratedRow("teardown", $"class={c}")).Prepend(new GeneratedRow("exit", "")).ToArray())),
            ]);
        return Gen.Frequency(top.ToArray());
    }

    private static Gen<GeneratedRow[]> Session(int cpus, bool monitors)
    {
        var closid = Gen.Frequency((4, Gen.Int[0, 3]), (1, Gen.Int[4, 16]));
        var domain = Gen.Frequency((4, Gen.Int[0, 3]), (1, Gen.Int[4, 7]));
        var type = Gen.Frequency((3, Gen.Const("")), (1, Gen.Const(" type=code")), (1, Gen.Const(" type=data")));
        var resource = Gen.OneOf(ControlResources);
        var value = Gen.Frequency((3, Gen.Int[0, 255]), (1, Gen.Int[0, 120]), (1, Gen.Const(0)));
        var groupClosid = Gen.Frequency((8, closid), (1, Gen.Int[65535, 65537]));
        var rmid = Gen.Frequency((8, Gen.Int[0, 3]), (1, Gen.Int[255, 257]));
        var task = Gen.Frequency((2, Gen.Const("")), (1, Gen.Int[0, Observation.RegisterObservation.TaskCount - 1].Select(t => $"task={t} ")));
        List<(int, IGen<GeneratedRow[]>)> inside =
        [
            (3, Gen.Select(resource, closid, type, domain.Select(value, (d, v) => $"{d}:{v}").Array[1, 2],
                (r, c, t, d) => One("schemata", $"res={r} closid={c}{t} domains={string.Join(',', d.DistinctBy(x => x.Split(':')[0]))}"))),
            (2, Gen.Select(resource, domain, closid, type, (r, d, c, t) => One("schemata_read", $"res={r} domain={d} closid={c}{t}"))),
            .. ScenarioGrammar.Hotplug(cpus).Select(h => (1, h.Item2)),
            (1, Gen.Int[1, 3].Select(n => One("fail_alloc", $"nth={n}"))),
            // The groups' task and CPU files: a group's closid and rmid, now and then past the register's fields.
            (1, Gen.Select(Gen.Int[0, cpus - 1], groupClosid, rmid, (cpu, c, r) => One("cpus_write", $"cpu={cpu} closid={c} rmid={r}"))),
            (1, Gen.Select(task, groupClosid, rmid, (t, c, r) => One("task_write", $"{t}closid={c} rmid={r}"))),
            (1, Gen.Select(task, closid, Gen.Frequency((1, Gen.Const("")), (1, rmid.Select(r => $" rmid={r}"))), (t, c, r) => One("task_match", $"{t}closid={c}{r}"))),
        ];
        if (monitors)
            inside.AddRange(
            [
                (2, Gen.OneOf(Events).Select(e => One("mon_ctx_alloc", $"event={e}"))),
                (1, Gen.OneOf(Events).Select(e => One("mon_ctx_free", $"event={e}"))),
                (2, Gen.Select(domain, closid, Gen.Int[0, 3], Gen.OneOf(Events), (d, c, r, e) => One("rmid_read", $"domain={d} closid={c} rmid={r} event={e}"))),
                // The filesystem numbering its monitoring groups, and back.
                (1, Gen.Select(groupClosid, rmid, (c, r) => One("rmid_idx", $"closid={c} rmid={r}"))),
                (1, Gen.Select(Gen.Int[0, 70], Gen.Bool, (i, r) => One("rmid_idx_decode", $"idx={i} field={(r ? "rmid" : "closid")}"))),
            ]);
        return
            from cdp in Gen.Bool
            from cdpl2 in Gen.Bool
            from actions in Gen.Frequency(inside.ToArray()).Array[0, 5]
            from unmount in Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false)))
            select actions.SelectMany(a => a)
                .Prepend(new GeneratedRow("mount", $"cdp={(cdp ? 1 : 0)} cdpl2={(cdpl2 ? 1 : 0)}"))
                .Concat(unmount ? One("unmount", "") : [])
                .ToArray();
    }

    private static readonly HashSet<string> WhileMounted =
        ["unmount", "schemata", "schemata_read", "mon_ctx_alloc", "mon_ctx_free", "rmid_read", "cpus_write", "task_write", "task_match",
         "rmid_idx", "rmid_idx_decode"];

    /// <summary>
    /// Whether the rows are a sequence the kernel can make: a mount only once resctrl registered
    /// (after setup) and not mounted already; the filesystem's actions only while mounted; exit
    /// only unmounted, and no filesystem action after it; teardown (the driver detaching a class)
    /// only after exit, and nothing after it but more teardowns. The shrinker keeps to these.
    /// </summary>
    public static bool WellFormed(GeneratedScenario scenario)
    {
        bool setup = false, mounted = false, exited = false, detaching = false;
        foreach (var row in scenario.Rows)
        {
            if (detaching && row.Op != "teardown")
                return false;
            switch (row.Op)
            {
                case "setup":
                    setup = true;
                    break;
                case "mount":
                    if (!setup || mounted || exited)
                        return false;
                    mounted = true;
                    break;
                case var op when WhileMounted.Contains(op):
                    if (!mounted)
                        return false;
                    mounted = op != "unmount";
                    break;
                case "exit":
                    if (mounted)
                        return false;
                    exited = true;
                    break;
                case "teardown":
                    if (!exited)
                        return false;
                    detaching = true;
                    break;
            }
        }
        return true;
    }

    private static GeneratedRow[] One(string op, string args) => [new GeneratedRow(op, args)];

    private static GeneratedScenario Build(Platform p, int[] early, GeneratedRow[][] ops, int setupAt)
    {
        var rows = new List<GeneratedRow> { new("topology", p.Nodes == 1 ? $"cpus={p.Cpus}" : $"cpus={p.Cpus} nodes={p.Nodes}") };
        void AddClass(int id, string type, (int Id, int First, int Last)[] components, string props)
        {
            rows.Add(new("class", $"id={id} {type}"));
            rows.AddRange(components.Select(c => new GeneratedRow("component", $"class={id} id={c.Id} cpus={c.First}-{c.Last}")));
            if (props.Length > 0)
                rows.Add(new("props", $"class={id} {props}"));
        }
        AddClass(L3Class, "type=cache level=3", p.L3Components, p.L3Props);
        if (p.L2)
            AddClass(L2Class, "type=cache level=2", p.L2Components, p.L2Props);
        if (p.Memory)
            AddClass(MemoryClass, "type=memory", p.MemoryComponents, p.MemoryProps);
        rows.AddRange(p.L3Caches.Select(c => new GeneratedRow("cache", c)));
        if (p.L2)
            rows.AddRange(p.L2Caches.Select(c => new GeneratedRow("cache", c)));
        if (p.PartidMax is { } partids)
            rows.Add(new("partid_max", $"value={partids}"));
        if (p.PmgMax is { } pmgs)
            rows.Add(new("pmg_max", $"value={pmgs}"));
        rows.AddRange(early.Distinct().Select(c => new GeneratedRow("online", $"cpu={c}")));
        // Setup early mostly (most ops mean something only once MPAM is enabled), and always
        // before the first mount; a session left mounted is unmounted before the next mount or
        // exit; the driver's detaching ends the scenario.
        var steps = ops.SelectMany(o => o).ToList();
        int end = steps.FindIndex(r => r.Op == "exit");
        if (end >= 0)
            steps = steps.Take(end + 1).Concat(steps.Skip(end + 1).TakeWhile(r => r.Op == "teardown")).ToList();
        int firstMount = steps.FindIndex(r => r.Op == "mount");
        int latest = new[] { setupAt, firstMount < 0 ? steps.Count : firstMount, end < 0 ? steps.Count : end }.Min();
        steps.Insert(latest, new GeneratedRow("setup", ""));
        bool mounted = false;
        foreach (var row in steps)
        {
            if (mounted && row.Op is "mount" or "exit")
                rows.Add(new("unmount", ""));
            mounted = row.Op switch { "mount" => true, "unmount" or "exit" => false, _ => mounted };
            rows.Add(row);
        }
        return new GeneratedScenario(rows);
    }
}
