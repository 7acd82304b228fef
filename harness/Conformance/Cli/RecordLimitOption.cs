using System.CommandLine;
using Conformance.Results;

namespace Conformance.Cli;

/// <summary>
/// `--record-limit N`: the steps each scenario records before it records only its last step and
/// the steps of its first failures (run: steps.csv; review: the steps it compares).
/// </summary>
public static class RecordLimitOption
{
    public static Option<int> Create(string description) => new("--record-limit")
    {
        Description = description,
        DefaultValueFactory = _ => StepRecord.RecordLimit,
    };

    public static int Check(int steps) =>
        steps >= 1 ? steps : throw new UsageException($"--record-limit: expected a count of steps of at least 1, got {steps}");
}
