using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conformance.Bench;

/// <summary>
/// One bench run's results, kept as JSON (a file a run, never overwritten) so that the next run
/// can say how each part moved against the last.
/// </summary>
public sealed record BenchReport(DateTimeOffset Taken, string Scenario, string? WorkloadFile, int Cpus, int StepsPerPass, int? PinnedCpu,
    double SecondsPerRound, int Repeats, IReadOnlyList<BenchResult> Results)
{
    /// <summary>Where it was read from, for a report read back.</summary>
    public string? Path { get; init; }

    /// <summary>The ratios the goals are stated in: lockstep against the pure-C replay, recording against bench.</summary>
    public IEnumerable<(string What, double Ratio)> Ratios()
    {
        double? Median(string key) => Results.FirstOrDefault(r => r.Key == key)?.MedianStepsPerSecond;
        if (Median("pure-c") is { } pure && Median("lockstep") is { } lockstep)
            yield return ("pure-C replay against lockstep (how many times faster; median)", pure / lockstep);
        if (Median("lockstep") is { } plain && Median("lockstep-recording") is { } recording)
            yield return ("lockstep against lockstep recording as `run` does (median)", plain / recording);
    }

    public string Json() => new JsonObject
    {
        ["taken"] = Taken.ToString("O", CultureInfo.InvariantCulture),
        ["scenario"] = Scenario,
        ["workload_file"] = WorkloadFile,
        ["cpus"] = Cpus,
        ["steps_per_pass"] = StepsPerPass,
        ["pinned_cpu"] = PinnedCpu,
        ["seconds_per_round"] = SecondsPerRound,
        ["repeats"] = Repeats,
        ["results"] = new JsonArray(Results.Select(r => (JsonNode)new JsonObject
        {
            ["key"] = r.Key,
            ["what"] = r.What,
            ["median_steps_per_second"] = Math.Round(r.MedianStepsPerSecond),
            ["best_steps_per_second"] = Math.Round(r.BestStepsPerSecond),
            ["median_bytes_per_step"] = Math.Round(r.MedianBytesPerStep, 1),
            ["rounds"] = new JsonArray(r.Rounds.Select(x => (JsonNode)new JsonObject
            {
                ["steps"] = x.Steps, ["seconds"] = x.Elapsed.TotalSeconds, ["allocated_bytes"] = x.AllocatedBytes,
            }).ToArray()),
        }).ToArray()),
        ["ratios"] = new JsonObject(Ratios().Select(r => KeyValuePair.Create(r.What, (JsonNode?)Math.Round(r.Ratio, 3)))),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Kept in <paramref name="folder"/> under a name of its own (the time taken); the path.</summary>
    public string Save(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, $"bench-{Taken.UtcDateTime:yyyyMMdd-HHmmss}-{Cpus}cpus.json");
        for (int n = 2; File.Exists(path); n++)
            path = System.IO.Path.Combine(folder, $"bench-{Taken.UtcDateTime:yyyyMMdd-HHmmss}-{Cpus}cpus-{n}.json");
        File.WriteAllText(path, Json());
        return path;
    }

    /// <summary>The newest earlier result in the folder over the same workload, if one reads (one that does not is passed over).</summary>
    public BenchReport? Last(string folder)
    {
        if (!Directory.Exists(folder))
            return null;
        foreach (var path in Directory.GetFiles(folder, "bench-*.json").OrderDescending(StringComparer.Ordinal))
            if (TryRead(path) is { } report && report.Scenario == Scenario && report.WorkloadFile == WorkloadFile
                && report.Cpus == Cpus && report.StepsPerPass == StepsPerPass)
                return report;
        return null;
    }

    private static BenchReport? TryRead(string path)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!;
            var results = json["results"]!.AsArray().Select(r => new BenchResult(r!["key"]!.GetValue<string>(), r["what"]!.GetValue<string>(),
                r["rounds"]!.AsArray().Select(x => new BenchRound(x!["steps"]!.GetValue<long>(), TimeSpan.FromSeconds(x["seconds"]!.GetValue<double>()),
                    x["allocated_bytes"]!.GetValue<long>())).ToList())).ToList();
            return new BenchReport(DateTimeOffset.Parse(json["taken"]!.GetValue<string>(), CultureInfo.InvariantCulture), json["scenario"]!.GetValue<string>(),
                json["workload_file"]?.GetValue<string>(), json["cpus"]!.GetValue<int>(), json["steps_per_pass"]!.GetValue<int>(),
                json["pinned_cpu"]?.GetValue<int>(), json["seconds_per_round"]!.GetValue<double>(), json["repeats"]!.GetValue<int>(), results) { Path = path };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or IOException)
        {
            return null;
        }
    }
}
