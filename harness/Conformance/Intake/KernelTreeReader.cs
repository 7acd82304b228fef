using Conformance.FileSystem;

namespace Conformance.Intake;

/// <summary>
/// A kernel tree as input: mpam_resctrl.c as it is, and the tree's own headers as the revision
/// has them, whole: drivers/resctrl/mpam_internal.h and include/linux/arm_mpam.h. The build
/// puts them in front of the stand-ins, so every struct and declaration the file uses comes
/// from its own tree; the stand-ins supply only what the kernel around them would. A header
/// the tree lacks is the stand-in's. Every file must lie inside the tree once symlinks are
/// resolved, and be a regular file within the size cap.
/// </summary>
public static class KernelTreeReader
{
    /// <summary>A file of the tree copied to the same relative path in the extracted source.</summary>
    public sealed record TreeFile(string RelativePath, byte[] Bytes);

    /// <summary>The tree's headers that the build takes whole, when the tree has them.</summary>
    public static readonly string[] OwnHeaders = ["drivers/resctrl/mpam_internal.h", "include/linux/arm_mpam.h"];

    public static (byte[] Source, IReadOnlyList<TreeFile> Headers) Read(string tree)
    {
        var c = Path.Combine(tree, PatchIntake.PatchedFile);
        if (!UnixFile.Exists(c))
            throw new IntakeException(tree, 0, $"a kernel tree with {PatchIntake.PatchedFile}");
        var source = ReadInside(tree, c);
        var headers = new List<TreeFile>();
        foreach (var relative in OwnHeaders)
        {
            var path = Path.Combine(tree, relative);
            if (!UnixFile.Exists(path))
                continue;
            headers.Add(new TreeFile(relative, ReadInside(tree, path)));
        }
        return (source, headers);
    }

    // A tree's file is read only if it lies inside the tree once every symlink is resolved:
    // a link to /etc/passwd, a loop or a device is refused, not read.
    private static byte[] ReadInside(string tree, string file)
    {
        if (UnixFile.KindOf(file) == FileKind.SymlinkLoop)
            throw new IntakeException(file, 0, "a regular file inside the kernel tree, but it is a symlink loop");
        if (!UnixFile.IsWithin(file, tree))
            throw new IntakeException(file, 0, $"a file inside the kernel tree {tree}, but it resolves to {UnixFile.RealPath(file) ?? "nothing"} (symlinks may not leave the tree)");
        return InputFile.ReadBytes(file);
    }
}
