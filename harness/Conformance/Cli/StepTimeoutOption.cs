using System.CommandLine;

namespace Conformance.Cli;

/// <summary>`--step-timeout SECONDS`: how long a step (or loading the library) may take before the reference counts as hung.</summary>
public static class StepTimeoutOption
{
    public const double MaxSeconds = 3600;

    public static Option<double> Create() => new("--step-timeout")
    {
        Description = $"seconds a step, or loading the library, may take before the reference counts as hung (0 < s <= {MaxSeconds:0})",
        DefaultValueFactory = _ => 10,
    };

    public static TimeSpan Check(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 && seconds <= MaxSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"--step-timeout {seconds}: expected a number of seconds greater than 0 and at most {MaxSeconds:0}");
}
