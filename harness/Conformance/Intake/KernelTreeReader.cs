using System.Text.RegularExpressions;
using Conformance.FileSystem;

namespace Conformance.Intake;

/// <summary>
/// A kernel tree as input: mpam_resctrl.c as it is, and from the tree's headers the
/// declarations it needs that the stand-ins do not provide: the two mpam_resctrl structs, the
/// CONFIG_RESCTRL_FS block of mpam_resctrl_* prototypes, and the resctrl_arch_*_capable prototypes.
/// </summary>
public static partial class KernelTreeReader
{
    public static (byte[] Source, IReadOnlyList<DeclarationsHeader.Addition> Declarations) Read(string tree)
    {
        var c = Path.Combine(tree, PatchIntake.PatchedFile);
        if (UnixFile.KindOf(c) == FileKind.Missing && new FileInfo(c).LinkTarget is null)
            throw new IntakeException(tree, 0, $"a kernel tree with {PatchIntake.PatchedFile}");
        var source = ReadInside(tree, c);
        var declarations = new List<DeclarationsHeader.Addition>();
        var internalHeader = Path.Combine(tree, DeclarationsHeader.Headers[0]);
        if (ReadIfPresent(tree, internalHeader) is { } internalText)
        {
            var lines = Lines(internalText);
            foreach (var name in new[] { "mpam_resctrl_dom", "mpam_resctrl_res" })
                if (Block(lines, l => l == $"struct {name} {{", l => l == "};") is { } block)
                    declarations.Add(new(DeclarationsHeader.Headers[0], $"struct {name}", block));
            if (Block(lines, l => l.StartsWith("#ifdef CONFIG_RESCTRL_FS", StringComparison.Ordinal), l => l.StartsWith("#endif", StringComparison.Ordinal)) is { } fs
                && fs.Any(l => l.Contains("mpam_resctrl_", StringComparison.Ordinal)))
                declarations.Add(new(DeclarationsHeader.Headers[0], "CONFIG_RESCTRL_FS prototypes", fs));
        }
        var armHeader = Path.Combine(tree, DeclarationsHeader.Headers[1]);
        if (ReadIfPresent(tree, armHeader) is { } armText)
        {
            var prototypes = Lines(armText).Where(l => CapablePrototype().IsMatch(l)).ToList();
            if (prototypes.Count > 0)
                declarations.Add(new(DeclarationsHeader.Headers[1], "resctrl_arch prototypes", prototypes));
        }
        if (!declarations.Any(d => d.Where == "struct mpam_resctrl_res"))
            throw new IntakeException(internalHeader, 0, "struct mpam_resctrl_res defined in the tree's mpam_internal.h");
        return (source, declarations);
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

    private static string? ReadIfPresent(string tree, string file) =>
        UnixFile.KindOf(file) == FileKind.Missing && new FileInfo(file).LinkTarget is null ? null : PatchText.Decode(ReadInside(tree, file));

    private static string[] Lines(string text) => [.. PatchText.Lines(text)];

    private static List<string>? Block(string[] lines, Func<string, bool> starts, Func<string, bool> ends)
    {
        for (int i = 0; i < lines.Length; i++)
            if (starts(lines[i]))
            {
                int end = Array.FindIndex(lines, i + 1, l => ends(l));
                if (end > i)
                    return lines[i..(end + 1)].ToList();
            }
        return null;
    }

    [GeneratedRegex(@"^bool resctrl_arch_\w+_capable\(void\);")]
    private static partial Regex CapablePrototype();
}
