namespace Conformance.Cli;

/// <summary>The exit codes of DESIGN.md's command-line contract.</summary>
public static class ExitCodes
{
    public const int Conforms = 0;
    public const int Divergence = 1;
    public const int BadInput = 2;
    public const int ReferenceBuildFailed = 3;
    /// <summary>The harness itself failed: one line on the console, the rest in a log.</summary>
    public const int HarnessFailed = 4;
}
