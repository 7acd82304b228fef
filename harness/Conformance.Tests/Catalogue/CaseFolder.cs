using System.Diagnostics;
using System.Security.Cryptography;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Catalogue;

/// <summary>
/// The folder one catalogue case runs in: the files it sets up, and a snapshot of everything in
/// it (kind, size, content hash, link target) to prove that a refused input changed nothing.
/// </summary>
public sealed class CaseFolder(string root)
{
    public string Root { get; } = root;

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Write(string relative, string text)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string relative, byte[] bytes)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Dir(string relative) => Directory.CreateDirectory(Path(relative)).FullName;

    public string Link(string relative, string target)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return path;
    }

    public string Fifo(string relative)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.Zero, "mkfifo");
        return path;
    }

    /// <summary>A kernel tree holding the seed's file and a header with the struct intake needs.</summary>
    public string Tree(string relative, bool withHeader = true)
    {
        var tree = Dir(relative);
        Write($"{relative}/drivers/resctrl/mpam_resctrl.c", string.Join("\n", SeedSource.Lines) + "\n");
        if (withHeader)
            Write($"{relative}/drivers/resctrl/mpam_internal.h", "struct mpam_resctrl_res {\n\tint placeholder;\n};\n");
        return tree;
    }

    /// <summary>Every entry below the root, described so that any change shows.</summary>
    public IReadOnlyList<string> Snapshot()
    {
        var entries = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(Root, "*", new EnumerationOptions
                 { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false }).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(entry);
            var relative = System.IO.Path.GetRelativePath(Root, entry);
            if (info.LinkTarget is { } target)
                entries.Add($"{relative} -> {target}");
            else if (Directory.Exists(entry))
                entries.Add($"{relative}/");
            else if (Conformance.FileSystem.UnixFile.KindOf(entry) == Conformance.FileSystem.FileKind.Regular)
                entries.Add($"{relative} {info.Length} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry)))[..16]}");
            else
                entries.Add($"{relative} (special)");
        }
        return entries;
    }
}
