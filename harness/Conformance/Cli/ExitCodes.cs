namespace Conformance.Cli;

/// <summary>The exit codes of DESIGN.md's command-line contract.</summary>
public static class ExitCodes
{
    public const int Conforms = 0;
    public const int Divergence = 1;
    public const int BadInput = 2;
    public const int ReferenceBuildFailed = 3;
}
