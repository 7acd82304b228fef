using System.Runtime.InteropServices;

namespace Conformance.FileSystem;

/// <summary>What kind of file a path names, after following symlinks (stat(2)'s S_IFMT).</summary>
public enum FileKind { Missing, Regular, Directory, Fifo, CharacterDevice, BlockDevice, Socket, SymlinkLoop, Other }

/// <summary>
/// The few POSIX calls .NET does not offer: the kind of a file without opening it (opening a
/// FIFO blocks until a writer comes), and a path with every symlink resolved (to tell whether a
/// file of a kernel tree really lies inside the tree).
/// </summary>
public static partial class UnixFile
{
    // struct stat on the 64-bit Linux ABIs this tool runs on: st_mode is the first 32-bit field
    // after st_dev and st_ino on x86-64 (offset 24, after st_nlink) and arm64 (offset 16).
    private static readonly int ModeOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;
    private const int StatSize = 256;   // larger than struct stat on every 64-bit Linux ABI
    private const int ELOOP = 40;

    public static FileKind KindOf(string path)
    {
        Span<byte> buffer = stackalloc byte[StatSize];
        if (Stat(path, ref MemoryMarshal.GetReference(buffer)) != 0)
            return Marshal.GetLastPInvokeError() == ELOOP ? FileKind.SymlinkLoop : FileKind.Missing;
        uint mode = BitConverter.ToUInt32(buffer[ModeOffset..]) & 0xF000;
        return mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
    }

    /// <summary>Whether anything is at the path: a file of any kind, a folder, or a symlink even when it dangles.</summary>
    public static bool Exists(string path) => KindOf(path) != FileKind.Missing || new FileInfo(path).LinkTarget is not null;

    /// <summary>The path with every symlink and <c>..</c> resolved, or null when it does not resolve.</summary>
    public static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
            return null;
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { Free(resolved); }
    }

    /// <summary>Whether <paramref name="path"/>, resolved, is <paramref name="root"/> or lies below it.</summary>
    public static bool IsWithin(string path, string root)
    {
        var real = RealPath(path);
        var realRoot = RealPath(root);
        return real is not null && realRoot is not null
            && (real == realRoot || real.StartsWith(realRoot.TrimEnd('/') + "/", StringComparison.Ordinal));
    }

    /// <summary>Whether a process with this id is alive (kill(pid, 0) succeeds or is refused for permission).</summary>
    public static bool ProcessAlive(int pid) => pid > 0 && (Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1 /* EPERM */);

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "does not exist",
        FileKind.Regular => "is a file",
        FileKind.Directory => "is a directory",
        FileKind.Fifo => "is a FIFO",
        FileKind.CharacterDevice => "is a character device",
        FileKind.BlockDevice => "is a block device",
        FileKind.Socket => "is a socket",
        FileKind.SymlinkLoop => "is a symlink loop",
        _ => "is not a regular file",
    };

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
