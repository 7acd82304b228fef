namespace Conformance.Intake;

/// <summary>Where the patch comes from: a file (mail, mbox or diff) or a kernel tree.</summary>
/// <param name="UpTo">In a series mbox, the last patch to take: its number ("14") or a piece of
/// its subject; null takes every patch that touches the file.</param>
public sealed record PatchSource(string? PatchFile, string? KernelTree, string? UpTo = null)
{
    /// <summary>A path the user named as a patch: a folder is a kernel tree, anything else a patch file.</summary>
    public static PatchSource Of(string path) => Directory.Exists(path) ? new(null, path) : new(path, null);

    public const string EnvironmentVariable = "MPAM_PATCH";

    public string Describe => PatchFile ?? KernelTree ?? "";

    /// <summary>--patch, else --kernel-tree, else $MPAM_PATCH; null when none says anything.</summary>
    public static PatchSource? Choose(string? patch, string? kernelTree) =>
        patch is not null ? new(patch, null)
        : kernelTree is not null ? new(null, kernelTree)
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? new(fromEnvironment, null)
        : null;

    public const string HowToSupplyOne =
        "no patch given: pass --patch FILE (a review mail quoting the patch, a git format-patch or b4 mbox, or a plain diff), " +
        "--kernel-tree DIR (a tree with drivers/resctrl/mpam_resctrl.c), or set MPAM_PATCH=FILE";
}
