using System.Text;

namespace Conformance.Bench;

/// <summary>
/// The benchmark's workload as a vector file, so that the lockstep engine and the pure-C replay
/// run exactly the same steps: a topology of <c>cpus</c> CPUs with an L3 class of 8-CPU
/// components and an MBA class of one component, then rounds of onlining every CPU and
/// offlining every CPU, each round in a different (deterministic) order. A component's first
/// CPU to come online allocates its domain and its last to go frees it: one step in eight
/// changes a list.
/// </summary>
/// <remarks>
/// A revision that picks its resources' classes itself (mainline) takes no map rows: the
/// platform is described as it picks from, L3 components with cache portions and CSU counters
/// and their caches, so each component backs a control and a monitor domain. No memory class:
/// with more than one L3, no MBA would be picked from it.
///
/// The steady workload onlines the first CPU of every component once, after setup, and leaves
/// it online: the rounds move the other CPUs only, so no step after that allocates, frees or
/// changes a list. What a step costs when it changes masks alone, beside what a list change adds.
/// </remarks>
public static class BenchScenario
{
    public static string Csv(int cpus, int rounds, bool steady = false, bool picksClasses = false)
    {
        var csv = new StringBuilder("scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note\n");
        string name = steady ? "steady" : "bench";
        void Row(string op, string args) => csv.Append($"{name},{op},{args},,,,,\n");
        Row("topology", $"cpus={cpus}");
        Row("class", "id=0 type=cache level=3");
        // The L3 components (and caches): eight CPUs each, the last one what is left.
        var l3s = Enumerable.Range(0, (cpus + 7) / 8).Select(id => (Id: id, Cpus: $"{8 * id}-{Math.Min(8 * id + 7, cpus - 1)}")).ToList();
        foreach (var (id, list) in l3s)
            Row("component", $"class=0 id={id} cpus={list}");
        if (picksClasses)
        {
            Row("props", "\"class=0 features=cpor_part,msmon_csu cpbm_wd=8 csu_mon=4\"");
            foreach (var (id, list) in l3s)
                Row("cache", $"cpus={list} level=3 id={id} size=1048576");
            Row("partid_max", "value=7");
        }
        else
        {
            Row("class", "id=1 type=memory");
            Row("component", $"class=1 id=0 cpus=0-{cpus - 1}");
            Row("map", "res=L3 class=0 alloc_capable=1");
            Row("map", "res=MBA class=1 alloc_capable=1");
        }
        Row("setup", "");
        var moving = Enumerable.Range(0, cpus).Where(cpu => !steady || cpu % 8 != 0).ToArray();
        if (steady)
            Row("online", $"\"cpus={string.Join(',', Enumerable.Range(0, cpus).Where(cpu => cpu % 8 == 0))}\"");
        var random = new Random(20261125);
        for (int round = 0; round < rounds; round++)
        {
            Row("online", $"\"cpus={string.Join(',', Shuffled(random, moving))}\"");
            Row("offline", $"\"cpus={string.Join(',', Shuffled(random, moving))}\"");
        }
        return csv.ToString();
    }

    private static int[] Shuffled(Random random, int[] cpus)
    {
        var order = cpus.ToArray();
        random.Shuffle(order);
        return order;
    }
}
