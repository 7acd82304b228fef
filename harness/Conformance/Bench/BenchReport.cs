using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conformance.Bench;

/// <summary>
/// One bench run's results, kept as JSON (a file a run, never overwritten) so that the next run
/// can say how each part moved against the last. The JSON is this record as the serializer
/// writes it (the medians, best rounds and ratios with it), and reads back the same way.
/// </summary>
public sealed record BenchReport(DateTimeOffset Taken, string Scenario, string? WorkloadFile, int Cpus, int StepsPerPass, int? PinnedCpu,
    double SecondsPerRound, int Repeats, IReadOnlyList<BenchResult> Results)
{
    /// <summary>
    /// The model family measured (seed, mainline, ...): a run is compared only with one of the
    /// same family, whose code and workload platform are the same. Null in results kept before
    /// it was recorded, which are compared with nothing.
    /// </summary>
    public string? Family { get; init; }

    /// <summary>Where it was read from, for a report read back.</summary>
    [JsonIgnore]
    public string? Path { get; init; }

    /// <summary>
    /// The ratios the goals are stated in (lockstep against the pure-C replay, recording
    /// against bench), the lockstep against the sum of its two sides alone, the least the first
    /// can be (the pure-C replay's step, then the model's step unobserved) and the least the
    /// recording ratio can be (the lockstep, then the rows it records written). Each is taken
    /// round by round, the parts of one round having run one after the other: the median of those
    /// is what is reported, so a disturbance that slows one round slows both sides of its ratio.
    /// The best rounds' ratio (each part's least disturbed round) is given beside it.
    /// </summary>
    public IReadOnlyList<BenchRatio> Ratios
    {
        get
        {
            var ratios = new List<BenchRatio>();
            var parts = Results.ToDictionary(r => r.Key);
            void Add(string what, string[] keys, Func<double[], double> ratio)
            {
                if (BenchResult.RoundByRound(parts, keys, ratio) is not { } perRound)
                    return;
                ratios.Add(new BenchRatio(what, BenchResult.Median(perRound), ratio(keys.Select(k => parts[k].BestStepsPerSecond).ToArray()))
                {
                    Low = BenchResult.Quantile(perRound, 0.25),
                    High = BenchResult.Quantile(perRound, 0.75),
                });
            }
            Add("pure-C replay against lockstep (how many times faster)", ["pure-c", "lockstep"], v => v[0] / v[1]);
            // What the observation, comparison and checks cost over the two sides' own steps and
            // snapshots: a side stepping alone is the floor for a step that runs both.
            Add("lockstep against its two sides alone, the pure-C replay then the model", ["pure-c", "model", "lockstep"],
                v => (1 / v[2]) / (1 / v[0] + 1 / v[1]));
            Add("lockstep against lockstep recording as `run` does", ["lockstep", "lockstep-recording"], v => v[0] / v[1]);
            // The least the first ratio can be: a lockstep step runs the C step and its snapshot
            // (the pure-C replay's step) and the model's step, whatever else it is made to cost.
            Add("the least pure-C replay against lockstep can be: the pure-C replay, then the model's steps alone", ["pure-c", "model-steps"],
                v => 1 + v[0] / v[1]);
            // The least the recording ratio can be: a recorded step is a lockstep step and its row
            // written, however little its columns are made to cost.
            Add("the least lockstep against lockstep recording can be: the lockstep, then its rows alone", ["lockstep", "recorded-rows"],
                v => 1 + v[0] / v[1]);
            return ratios;
        }
    }

    /// <summary>
    /// How steady the rounds were: each part's median steps/s over its best round's, the median
    /// of those over the parts. 1 when every round ran as fast as the best; a machine busy with
    /// other work slows some rounds, and then the medians (and a comparison with the last run)
    /// say more about the machine than about the code.
    /// </summary>
    public double Steadiness => Results.Count == 0 ? 1 : BenchResult.Median(Results.Select(r => r.MedianStepsPerSecond / r.BestStepsPerSecond));

    /// <summary>The one-minute load average when the rounds ended, where the OS says (/proc/loadavg); null elsewhere.</summary>
    public double? LoadAverage { get; init; }

    /// <summary>The machine's CPUs: a load average above them means tasks waited for a CPU, the bench's own among them.</summary>
    public int? Cores { get; init; }

    /// <summary>Below this steadiness the rounds were too disturbed for their medians to stand for the code.</summary>
    public const double SteadyEnough = 0.85;

    /// <summary>
    /// One sentence on how steady the rounds were, with a warning when the machine was busy: the
    /// rounds were not steady enough, or (a machine busy all along slows every round alike) the
    /// load average was above its CPUs.
    /// </summary>
    public string SteadinessNote()
    {
        var load = LoadAverage is { } l ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; load average {l:0.00} when they ended") : "";
        var cores = Cores is { } c ? $" on {c} CPUs" : "";
        var note = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Rounds: a part's median is {Steadiness:0.00} of its best round (the median over the parts){load}{cores}.");
        bool busy = Steadiness < SteadyEnough || (LoadAverage > Cores);
        return !busy ? note
            : note + " The machine was busy: the medians and the comparison with the last run are not the code's; compare the best rounds, or run again on a quiet machine.";
    }

    /// <summary>Where a lockstep step's time goes (<see cref="BenchStepTime"/>).</summary>
    public IReadOnlyList<BenchShare> StepTime => BenchStepTime.Of(Results);

    public string Json() => JsonSerializer.Serialize(this, Reports.ReportJson.Options);

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

    /// <summary>The newest earlier result in the folder over the same workload and family, if one reads (one that does not is passed over).</summary>
    public BenchReport? Last(string folder)
    {
        if (!Directory.Exists(folder))
            return null;
        foreach (var path in Directory.GetFiles(folder, "bench-*.json").OrderDescending(StringComparer.Ordinal))
            if (TryRead(path) is { } report && report.Family == Family && report.Scenario == Scenario && report.WorkloadFile == WorkloadFile
                && report.Cpus == Cpus && report.StepsPerPass == StepsPerPass)
                return report;
        return null;
    }

    private static BenchReport? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(path), Reports.ReportJson.Options) is { Results: not null } report ? report with { Path = path } : null;
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>
/// A ratio of the bench: the median of its round-by-round values, and its value over each part's
/// best round. <see cref="Low"/> to <see cref="High"/> holds the middle half of the rounds' values:
/// how far to trust the median on a machine whose speed drifts.
/// </summary>
public sealed record BenchRatio(string What, double Median, double Best)
{
    public double Low { get; init; }
    public double High { get; init; }
}
