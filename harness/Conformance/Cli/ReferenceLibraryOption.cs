using Conformance.FileSystem;
using Conformance.Intake;

namespace Conformance.Cli;

/// <summary>`--lib`: an already built reference library, checked to be a regular ELF file before anything runs.</summary>
public static class ReferenceLibraryOption
{
    private static readonly byte[] ElfMagic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    public static string Check(string library)
    {
        if (InputFile.Problem(library) is { } problem)
            throw new IntakeException(library, 0, $"a reference library (libmpamref.so), {problem}");
        var head = new byte[4];
        using (var stream = File.OpenRead(library))
            if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !head.AsSpan().SequenceEqual(ElfMagic))
                throw new IntakeException(library, 0, "a reference library (an ELF shared object built by build-reference), but it is not ELF");
        return Path.GetFullPath(library);
    }
}
