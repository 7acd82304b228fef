using System.CommandLine;

namespace Conformance.Cli;

/// <summary>
/// `--min-score PERCENT` of `mutate` and of `merge` over a mutation run's shards: the least score
/// that exits 0. Checked before anything runs: a minimum past 100% (or NaN) could never be met,
/// and a mutation run takes minutes to say so.
/// </summary>
public static class MinScoreOption
{
    public static Option<double> Create(string description) => new("--min-score")
    {
        Description = description,
        DefaultValueFactory = _ => 0,
    };

    public static double Check(double percent) =>
        percent is >= 0 and <= 100
            ? percent
            : throw new UsageException($"--min-score {percent}: expected a percentage from 0 to 100");
}
