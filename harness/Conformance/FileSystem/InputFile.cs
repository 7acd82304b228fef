using Conformance.Intake;

namespace Conformance.FileSystem;

/// <summary>
/// Every file the harness takes from a user is read through here: it must be a regular file
/// (a FIFO would block, /dev/zero never ends, a directory is not text), and it is read up to a
/// cap counted while reading, never trusted from the file's reported length.
/// </summary>
public static class InputFile
{
    /// <summary>Patches, fixes, trees' files and vectors: far larger than any of them ever is.</summary>
    public const long DefaultCap = 64L << 20;

    /// <summary>The path that means standard input (<c>--patch -</c>), and how messages name it.</summary>
    public const string StandardInput = "-", StandardInputName = "<stdin>";

    // Standard input can be read once; every later read of "-" gets the same bytes.
    private static byte[]? _standardInput;

    /// <summary>Why <paramref name="path"/> cannot be read as input, or null when it can.</summary>
    public static string? Problem(string path)
    {
        if (path == StandardInput)
            return null;
        var kind = UnixFile.KindOf(path);
        return kind switch
        {
            FileKind.Regular => null,
            FileKind.Missing => "an existing, readable file",
            _ => $"a regular file, but it {UnixFile.Describe(kind)}",
        };
    }

    /// <summary>The file's bytes, or <see cref="IntakeException"/> naming the file and what was expected.</summary>
    public static byte[] ReadBytes(string path, long cap = DefaultCap)
    {
        if (Problem(path) is { } problem)
            throw new IntakeException(path, 0, problem);
        if (path == StandardInput)
            return _standardInput ??= Read(Console.OpenStandardInput(), StandardInputName, cap);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Read(stream, path, cap);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IntakeException(path, 0, $"a readable file ({e.Message})");
        }
    }

    /// <summary>A stream's bytes up to <paramref name="cap"/>, counted while reading; <see cref="IntakeException"/> naming <paramref name="path"/> past it.</summary>
    public static byte[] Read(Stream stream, string path, long cap)
    {
        try
        {
            using var copy = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (copy.Length + read > cap)
                    throw new IntakeException(path, 0, $"at most {cap >> 20} MiB of input, but it is larger");
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IntakeException(path, 0, $"a readable file ({e.Message})");
        }
    }
}
