using Conformance.Model;
using Conformance.Observation;
using Conformance.Vectors;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Vectors;

/// <summary>Reading vector files into typed steps, and every kind of error, with file:line:column.</summary>
public sealed class VectorReaderTests
{
    private VectorFiles _files = null!;

    [SetUp]
    public void MakeFolder() => _files = new VectorFiles();

    [TearDown]
    public void RemoveFolder() => _files.Dispose();

    // The names a recorded step writes (steps.csv's op column) are the ones the reader reads.
    [Test]
    public void EveryOpIsNamedAsTheReaderReadsIt()
    {
        foreach (var op in Enum.GetValues<StepOp>())
            Assert.That(StepOps.TryParse(StepOps.NameOf(op), out var read) ? read : (StepOp?)null, Is.EqualTo(op));
        Assert.That(StepOps.NameOf(StepOp.Offline), Is.EqualTo("offline"));
        Assert.That(StepOps.NameOf(StepOp.FailOnlineCtrlDomain), Is.EqualTo("fail_online_ctrl_domain"));
    }

    private const string Platform = """
        s,topology,cpus=8,,,,,
        s,class,id=0 type=cache level=3,,,,,
        s,component,class=0 id=0 cpus=0-3,,,,,
        s,map,res=L3 class=0 alloc_capable=1,,,,,
        """;

    private IReadOnlyList<Scenario> Load(params string[] lines) =>
        VectorLoader.Load(_files.Root, [_files.Write("v.csv", [VectorFiles.Header, .. lines])], ResourceProfile.Default);

    private IReadOnlyList<string> Errors(params string[] lines)
    {
        var e = Assert.Throws<VectorLoadException>(() => Load(lines));
        return e!.Errors.Select(x => x.Message).ToArray();
    }

    [Test]
    public void AGoodFileBecomesTypedStepsWithTheirLines()
    {
        var scenarios = Load(
            "# a comment line",
            "",
            "two,topology,cpus=8 nodes=2,,,,,",
            "two,class,id=0 type=cache level=3,,,,,",
            "two,component,class=0 id=1 cpus=4-7,,,,,",
            "two,map,res=L3 class=0 alloc_capable=1,,,,,",
            "two,setup,,0,L3[],-,,nothing online yet",
            "two,online,cpus=5-4,0,L3[1:4-5],\"online_ctrl_domain(L3,1) online_cpu(5) online_cpu(4)\",allocs_live=1 warn:mpam_resctrl_offline_cpu:!dom=0,",
            "two,fail_online_ctrl_domain,nth=1 err=-EIO,,,,,",
            "two,get_resource,level=7,0,,,,",
            "other,topology,cpus=1,,,,,");

        Assert.That(scenarios.Select(s => s.Name), Is.EqualTo(new[] { "two", "other" }));
        var two = scenarios[0];
        Assert.That(two.File, Is.EqualTo("v.csv"));
        Assert.That(two.Line, Is.EqualTo(4));
        Assert.That(two.Steps.Select(s => s.Op), Is.EqualTo(new[]
        {
            StepOp.Topology, StepOp.Class, StepOp.Component, StepOp.Map, StepOp.Setup,
            StepOp.Online, StepOp.Online, StepOp.FailOnlineCtrlDomain, StepOp.GetResource,
        }));
        Assert.That(two.Steps[0].Args, Is.EqualTo(new TopologyArgs(8, 2)));
        Assert.That(two.Steps[1].Args, Is.EqualTo(new ClassArgs(0, MpamClassType.Cache, 3)));
        Assert.That(two.Steps[2].ArgsAs<ComponentArgs>().Affinity, Is.EqualTo(new[] { 0xf0UL }));
        Assert.That(two.Steps[3].Args, Is.EqualTo(new MapArgs(0, 0, true)));
        var online = two.Steps.Where(s => s.Op == StepOp.Online).ToArray();
        Assert.That(online.Select(s => s.ArgsAs<CpuArgs>().Cpu), Is.EqualTo(new[] { 5, 4 }), "cpus= is an order");
        Assert.That(online.Select(s => s.Line), Is.EqualTo(new[] { 9, 9 }));
        Assert.That(online.Select(s => (s.FirstOfRow, s.LastOfRow)), Is.EqualTo(new[] { (true, false), (false, true) }));
        Assert.That(online[0].Expect.Rc, Is.Zero);
        Assert.That(online[0].Expect.Events, Has.Count.EqualTo(3));
        Assert.That(online[0].Expect.Counters!.Select(c => c.Key), Is.EqualTo(new[] { "allocs_live", "warn:mpam_resctrl_offline_cpu:!dom" }));
        Assert.That(online[0].Expect.Counters![1].WarnCondition, Is.EqualTo("!dom"));
        Assert.That(two.Steps[4].Expect.Note, Is.EqualTo("nothing online yet"));
        Assert.That(two.Steps[7].Args, Is.EqualTo(new FailFsArgs(FsCall.OnlineCtrlDomain, 1, -Errno.EIO)));
        Assert.That(two.Steps[8].RcKind, Is.EqualTo(RcKind.Value));
    }

    [Test]
    public void ShortRowsReadTheirMissingFieldsAsEmpty()
    {
        var steps = Load("s,topology,cpus=2", "s,setup")[0].Steps;
        Assert.That(steps.Select(s => s.Op), Is.EqualTo(new[] { StepOp.Topology, StepOp.Setup }));
        Assert.That(steps[1].Expect.IsEmpty, Is.True);
    }

    [Test]
    public void AnUnknownOpPointsAtTheOpField() =>
        Assert.That(Errors("s,boot,,,,,,"), Is.EqualTo(new[]
        {
            "v.csv:2:3: expected an op (topology, class, component, map, partid_max, setup, online, offline, fail_alloc, fail_online_ctrl_domain, alloc_capable, num_closid, get_resource, cache, props, mount, unmount, schemata, schemata_read, exit, teardown, fail_fs, mon_ctx_alloc, mon_ctx_free, rmid_read, cpus_write, task_write, task_match, pmg_max, rmid_idx, rmid_idx_decode), got 'boot'",
        }));

    [Test]
    public void MissingAndMalformedArgumentsAreEachReported()
    {
        var errors = Errors(
            "s,topology,,,,,,",
            "s,topology,cpus=x,,,,,",
            "s,class,id=1 type=weird,,,,,",
            "s,partid_max,value=70000,,,,,",
            "s,setup,now=1,,,,,",
            "s,map,res=L9 class=0 alloc_capable=2,,,,,");
        Assert.That(errors, Is.EqualTo(new[]
        {
            "v.csv:2:12: expected cpus=N (a decimal number from 1 to 4096)",
            "v.csv:3:3: expected one topology row per scenario (the first is at line 2)",
            "v.csv:3:17: expected a decimal number from 1 to 4096 for cpus, got 'x'",
            "v.csv:4:19: expected one of cache, memory, unknown for type, got 'weird'",
            "v.csv:5:20: expected a decimal number from 0 to 65535 for value, got '70000'",
            "v.csv:6:9: expected no args for setup, got 'now'",
            "v.csv:7:3: expected map before setup (line 6): the platform is described before MPAM is enabled",
            "v.csv:7:11: expected one of L3, L2, MBA, SMBA, PERF_PKG for res, got 'L9'",
            "v.csv:7:14: expected a class declared by an earlier class row of this scenario, got class=0",
            "v.csv:7:36: expected one of 0, 1 for alloc_capable, got '2'",
        }));
    }

    [Test]
    public void ThePmgAndRmidIndexOpsCheckTheirArguments()
    {
        Assert.That(Errors("s,pmg_max,value=256,,,,,", "s,rmid_idx,closid=1,,,,,", "s,rmid_idx_decode,idx=3 field=pmg,,,,,"), Is.EqualTo(new[]
        {
            "v.csv:2:17: expected a decimal number from 0 to 255 for value, got '256'",
            "v.csv:3:12: expected rmid=N (a decimal number from 0 to 2147483647)",
            "v.csv:4:31: expected one of closid, rmid for field, got 'pmg'",
        }));
        var steps = Load("s,pmg_max,value=3,,,,,", "s,rmid_idx,closid=2 rmid=3,,,,,", "s,rmid_idx_decode,idx=13 field=rmid,,,,,")[0].Steps;
        Assert.That(steps[0].ArgsAs<PmgMaxArgs>(), Is.EqualTo(new PmgMaxArgs(3)));
        Assert.That(steps[1].ArgsAs<RmidIdxArgs>(), Is.EqualTo(new RmidIdxArgs(2, 3)));
        Assert.That(steps[2].ArgsAs<RmidIdxDecodeArgs>(), Is.EqualTo(new RmidIdxDecodeArgs(13, WantRmid: true)));
        Assert.That(StepOps.ReturnsValue(StepOp.RmidIdx) && StepOps.ReturnsValue(StepOp.RmidIdxDecode) && !StepOps.ReturnsValue(StepOp.PmgMax), "the index ops are queries");
    }

    [Test]
    public void EveryOpHasItsRowInTheVectorFormat()
    {
        var format = File.ReadAllText(Path.Combine(RepoPaths.Root, "vectors", "README.md"));
        Assert.That(StepOps.AllNames.Where(name => !format.Contains($"| `{name}` |", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void ACpuBeyondTheTopologyPointsAtThatCpu()
    {
        var errors = Errors([.. Platform.Split('\n'), "s,online,\"cpus=0-3,9\",,,,,", "s,offline,cpu=8,,,,,", "s,component,class=0 id=1 cpus=4-8,,,,,"]);
        Assert.That(errors, Is.EqualTo(new[]
        {
            "v.csv:6:20: expected a CPU below 8 (the topology has 8), got 9",
            "v.csv:7:15: expected a CPU below 8 (the topology has 8), got 8",
            "v.csv:8:33: expected a CPU below 8 (the topology has 8), got 8",
        }));
    }

    [Test]
    public void NamingACpuBeforeTheTopologyIsAnError() =>
        Assert.That(Errors("s,online,cpu=0,,,,,", "s,topology,cpus=4,,,,,"), Is.EqualTo(new[]
        {
            "v.csv:2:3: expected a topology row before the first row that names a CPU (online)",
        }));

    [Test]
    public void ScenarioNamesAreContiguousAndUnique() =>
        Assert.That(Errors("a,setup,,,,,,", "b,setup,,,,,,", "a,num_closid,,,,,,", ",setup,,,,,,"), Is.EqualTo(new[]
        {
            "v.csv:4:1: expected scenario names unique per file and a scenario's rows contiguous: 'a' already began at line 2",
            "v.csv:5:1: expected a scenario name in the first field",
        }));

    [Test]
    public void ConfigurationAfterSetupAndASecondSetupAreErrors() =>
        Assert.That(Errors([.. Platform.Split('\n'), "s,setup,,,,,,", "s,map,res=L2 class=0 alloc_capable=1,,,,,", "s,setup,,,,,,"]), Is.EqualTo(new[]
        {
            "v.csv:7:3: expected map before setup (line 6): the platform is described before MPAM is enabled",
            "v.csv:8:3: expected one setup row per scenario: mpam_enable_once() runs once (setup is at line 6)",
        }));

    [Test]
    public void BadExpectationsPointInsideTheirCell()
    {
        var errors = Errors(
            "s,setup,,-EWHAT,L3[0:0-3 x],online_cpu(1) reboot(2),warns=x bogus=1,",
            "s,num_closid,,not-run,,,,");
        Assert.That(errors, Is.EqualTo(new[]
        {
            "v.csv:2:11: expected a kernel errno name such as EINVAL or ENOMEM",
            "v.csv:2:26: expected canonical domain text (e.g. L3[0:0-3 1:4-7] MBA~[]): a domain id",
            "v.csv:2:43: expected an event: online_ctrl_domain(R,ID), offline_ctrl_domain(R,ID), online_cpu(N), offline_cpu(N), " +
            "online_mon_domain(R,ID), offline_mon_domain(R,ID), resctrl_init(), resctrl_exit(), or - for none",
            "v.csv:2:59: expected a non-negative decimal count for warns",
            "v.csv:2:61: expected a counter (allocs_live, allocs_total, frees, alloc_failures, double_frees, foreign_frees, warns, rules, violations, sync_rcu, wake_ups, events, " +
            "rmid_realloc_limit, rmid_realloc_threshold, default_partid_d, default_partid_i, default_pmg_d, default_pmg_i, warn:FUNC:COND, task:TASK:FIELD, cpu_default:CPU:FIELD or cpu_register:CPU:FIELD), got 'bogus'",
            "v.csv:3:15: expected not-run only on online and offline rows",
        }));
    }

    [Test]
    public void TheTaskAndCpuOpsAndTheRegisterKeysPointAtWhatIsWrong()
    {
        var errors = Errors(
            "s,topology,cpus=4,,,,,",
            "s,cpus_write,cpu=4 closid=1 rmid=0,,,,,",
            "s,task_match,rmid=1,,,,,",
            "s,task_write,closid=1 rmid=0,,,,cpu_default:x:partid_d=1 cpu_default:2:partid=1 task:2:pmg_d=0,",
            "s,task_write,task=2 closid=1 rmid=0,,,,,",
            "s,task_write,closid=1,,,,,");
        const string Field = "cpu_default:CPU:FIELD=N and FIELD one of partid_d, partid_i, pmg_d, pmg_i (e.g. cpu_default:1:partid_d=5)";
        Assert.That(errors, Is.EqualTo(new[]
        {
            "v.csv:3:18: expected a decimal number from 0 to 3 for cpu, got '4'",
            "v.csv:4:14: expected closid=N (a decimal number from 0 to 2147483647)",
            $"v.csv:5:33: expected {Field}, got 'cpu_default:x:partid_d=1'",
            $"v.csv:5:58: expected {Field}, got 'cpu_default:2:partid=1'",
            "v.csv:5:81: expected task:TASK:FIELD=N with TASK 0-1 and FIELD one of partid_d, partid_i, pmg_d, pmg_i (e.g. task:1:partid_d=5), got 'task:2:pmg_d=0'",
            "v.csv:6:19: expected a decimal number from 0 to 1 for task, got '2'",
            "v.csv:7:14: expected rmid=N (a decimal number from 0 to 2147483647)",
        }));
    }

    [Test]
    public void ColumnsInsideQuotedFieldsCountTheQuotes() =>
        Assert.That(Errors("s,setup,,,\"L3[0:1,x]\",,,"), Is.EqualTo(new[]
        {
            "v.csv:2:19: expected canonical domain text (e.g. L3[0:0-3 1:4-7] MBA~[]): a CPU number",
        }));

    [Test]
    public void AWrongHeaderStopsTheFileAtTheFieldThatDiffers()
    {
        var file = _files.Write("h.csv", "scenario,op,arguments,expect_rc,expect_domains,expect_events,expect_counters,note", "s,boot,,,,,,");
        var e = Assert.Throws<VectorLoadException>(() => VectorLoader.Load(_files.Root, [file], ResourceProfile.Default));
        Assert.That(e!.Errors.Select(x => x.Message), Is.EqualTo(new[]
        {
            "h.csv:1:13: expected the header line scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note (field 3 is 'args')",
        }));
    }

    [Test]
    public void TooManyFieldsPointsAtTheFirstExtraOne() =>
        Assert.That(Errors("s,setup,,,,,,,extra"), Is.EqualTo(new[]
        {
            "v.csv:2:15: expected 8 fields (scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note; quote a field that holds a comma), got 9",
        }));

    [Test]
    public void EveryErrorOfEveryFileIsCollectedBeforeFailing()
    {
        var a = _files.Write("a.csv", VectorFiles.Header, "s,boot,,,,,,", "s,setup,,bad,,,,");
        var b = _files.Write("b.csv", VectorFiles.Header, "s,online,cpu=1,,,,,");
        var e = Assert.Throws<VectorLoadException>(() => VectorLoader.Load(_files.Root, [a, b], ResourceProfile.Default));
        Assert.That(e!.Errors.Select(x => (x.File, x.Line, x.Column)), Is.EqualTo(new[] { ("a.csv", 2, 3), ("a.csv", 3, 10), ("b.csv", 2, 3) }));
        Assert.That(e.Message.Split(Environment.NewLine), Has.Length.EqualTo(3));
    }

    [Test]
    public void GlobsSelectFilesInOrderAndExcludesRemoveThem()
    {
        _files.Write("vectors/seed/b/x.csv", VectorFiles.Header);
        _files.Write("vectors/seed/a.csv", VectorFiles.Header);
        _files.Write("vectors/seed/scratch/y.csv", VectorFiles.Header);
        _files.Write("vectors/mainline/m.csv", VectorFiles.Header);
        _files.Write("vectors/README.md", "not a vector");
        Assert.That(VectorSelection.Select(_files.Root, [], [], "seed"), Is.EqualTo(new[] { "vectors/seed/a.csv", "vectors/seed/b/x.csv", "vectors/seed/scratch/y.csv" }),
            "by default, the family's own folder");
        Assert.That(VectorSelection.Select(_files.Root, [], [], "mainline"), Is.EqualTo(new[] { "vectors/mainline/m.csv" }));
        Assert.That(VectorSelection.Select(_files.Root, [], ["vectors/seed/scratch/**"], "seed"), Is.EqualTo(new[] { "vectors/seed/a.csv", "vectors/seed/b/x.csv" }));
        Assert.That(VectorSelection.Select(_files.Root, [Path.Combine(_files.Root, "vectors/seed/b/*.csv")], [], "mainline"), Is.EqualTo(new[] { "vectors/seed/b/x.csv" }));
        Assert.That(VectorSelection.Select(_files.Root, ["vectors/seed"], ["vectors/seed/scratch/"], "mainline"), Is.EqualTo(new[] { "vectors/seed/a.csv", "vectors/seed/b/x.csv" }),
            "a folder is every vector file under it, included or excluded; README.md is not one");
        Assert.That(VectorSelection.Select(_files.Root, [Path.Combine(_files.Root, "vectors/mainline")], [], "seed"), Is.EqualTo(new[] { "vectors/mainline/m.csv" }));
        Assert.That(VectorSelection.Select(_files.Root, ["vectors/nowhere"], [], "seed"), Is.Empty, "a name that is no folder stays a glob that matches nothing");
    }

    [Test]
    public void ACacheRowIsOneStepOverItsCpus()
    {
        var steps = Load("s,topology,cpus=8", "s,cache,cpus=4-7 level=3 id=1 size=64", "s,cache,cpus=0 level=2 id=5")[0].Steps;
        var l3 = steps[1].ArgsAs<CacheArgs>();
        Assert.That((steps.Count, l3.Cpus, l3.Level, l3.Id, l3.Size), Is.EqualTo((3, new[] { 0xf0UL }, 3, 1, 64)));
        Assert.That(steps[2].ArgsAs<CacheArgs>().Size, Is.Zero, "size defaults to 0");
    }

    [Test]
    public void ACacheRowOutsideTheTopologyOrItsLevelsIsAnError()
    {
        var errors = Errors("s,cache,cpus=0 level=3 id=0,,,,,", "s,topology,cpus=4,,,,,", "s,cache,cpus=0-3 level=5 id=0,,,,,",
            "s,cache,cpus=2-4 level=3 id=0,,,,,", "s,cache,cpus=0 level=3,,,,,", "s,setup,,,,,,", "s,cache,cpus=0 level=3 id=0,,,,,");
        Assert.That(errors, Has.Count.EqualTo(5));
        Assert.That(errors[0], Does.StartWith("v.csv:2:3: expected a topology row before the first row that names a CPU (cache)"));
        Assert.That(errors[1], Does.StartWith("v.csv:4:").And.Contain("level"));
        Assert.That(errors[2], Does.StartWith("v.csv:5:").And.Contain("a CPU below 4"));
        Assert.That(errors[3], Does.StartWith("v.csv:6:").And.Contain("id"));
        Assert.That(errors[4], Does.StartWith("v.csv:8:3: expected cache before setup"));
    }

    [Test]
    public void APropsRowNamesTheRevisionsOwnFeatures()
    {
        var profile = ResourceProfile.Default.WithRevision(["cpor_part", "cmax_softlim", "mbw_max"], picksClasses: false);
        var errors = new List<VectorFormatException>();
        var scenarios = VectorFileParser.Parse("v.csv", """
            scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
            s,topology,cpus=4,,,,,
            s,class,id=3 type=memory,,,,,
            s,props,"class=3 features=cpor_part,mbw_max bwa_wd=6",,,,,
            s,props,class=3 features=teleport,,,,,
            """, profile, errors);
        var props = scenarios[0].Steps[2].ArgsAs<PropsArgs>();
        Assert.That((props.ClassId, props.Features, props.BwaWd, props.CpbmWd), Is.EqualTo((3, new[] { 0b101UL }, 6, 0)));
        Assert.That(errors.Select(e => e.Message), Is.EqualTo(new[]
        {
            "v.csv:5:26: expected one of cpor_part, cmax_softlim, mbw_max for features, got 'teleport'",
        }));
    }

    [Test]
    public void ARevisionWithoutFeaturesNamesNone() =>
        Assert.That(Errors("s,topology,cpus=4,,,,,", "s,class,id=0 type=cache,,,,,", "s,props,class=0 features=cpor_part,,,,,").Single(),
            Does.Contain("expected no features: this revision names none"));

    [Test]
    public void AMapRowIsRefusedForARevisionThatPicksItsOwnClasses()
    {
        var errors = new List<VectorFormatException>();
        VectorFileParser.Parse("v.csv", """
            scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
            s,topology,cpus=4,,,,,
            s,class,id=0 type=cache level=3,,,,,
            s,map,res=L3 class=0 alloc_capable=1,,,,,
            """, ResourceProfile.Default.WithRevision([], picksClasses: true), errors);
        Assert.That(errors.Select(e => e.Message).Single(), Does.StartWith("v.csv:4:3: expected no map row: this revision picks the classes for its resources itself"));
        Assert.That(Load("s,topology,cpus=4", "s,class,id=0 type=cache level=3", "s,map,res=L3 class=0 alloc_capable=1")[0].Steps[2].Op,
            Is.EqualTo(StepOp.Map), "the seed leaves picking to the scenario");
    }
}
