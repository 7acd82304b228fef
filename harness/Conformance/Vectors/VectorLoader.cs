using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>Reads a set of vector files; every error of every file is collected before anything is refused.</summary>
public static class VectorLoader
{
    /// <summary>
    /// Scenarios of all files in order (those in the window, when given), or <see cref="VectorLoadException"/> with every error found.
    /// With <paramref name="each"/>, each is handed to it as it is read, while nothing read was refused, and none is returned.
    /// </summary>
    public static IReadOnlyList<Scenario> Load(string baseDirectory, IEnumerable<string> files, ResourceProfile profile, ScenarioWindow? window = null,
        Action<Scenario>? each = null)
    {
        var errors = new List<VectorFormatException>();
        var scenarios = Read(baseDirectory, files, profile, errors, window, each is null ? null : s =>
        {
            if (errors.Count == 0)
                each(s);
        });
        if (errors.Count > 0)
            throw new VectorLoadException(errors);
        return scenarios;
    }

    /// <param name="each">When given, each scenario goes to it as it is read (<see cref="VectorFileParser.Parse"/>), and none is returned.</param>
    public static IReadOnlyList<Scenario> Read(string baseDirectory, IEnumerable<string> files, ResourceProfile profile, List<VectorFormatException> errors,
        ScenarioWindow? window = null, Action<Scenario>? each = null)
    {
        var scenarios = new List<Scenario>();
        foreach (var file in files)
        {
            if (window is { Past: true })
                break;
            byte[] bytes;
            try
            {
                // A FIFO, a device or a file past the cap is refused before it is read whole.
                bytes = FileSystem.InputFile.ReadBytes(Path.Combine(baseDirectory, file));
            }
            catch (Intake.IntakeException e)
            {
                errors.Add(new VectorFormatException(file, 0, 0, e.Expected));
                continue;
            }
            scenarios.AddRange(Parse(file, bytes, profile, errors, window, each));
        }
        return scenarios;
    }

    // Where the first byte that is no part of a UTF-8 character is: the line and column of the
    // text before it ends (a byte order mark not counted, as in every other error's column).
    private static (int Line, int Column) FirstInvalidUtf8(byte[] bytes)
    {
        var chars = new char[bytes.Length];
        System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out _, out int decoded, replaceInvalidSequences: false);
        var before = new string(chars, 0, decoded);
        if (before.StartsWith('\uFEFF'))
            before = before[1..];
        return new SourceText(before).Position(before.Length);
    }

    /// <summary>One file's bytes as scenarios: UTF-8 (a leading byte order mark is dropped), then the CSV format.</summary>
    public static IReadOnlyList<Scenario> Parse(string file, byte[] bytes, ResourceProfile profile, List<VectorFormatException> errors,
        ScenarioWindow? window = null, Action<Scenario>? each = null)
    {
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            var (line, column) = FirstInvalidUtf8(bytes);
            errors.Add(new VectorFormatException(file, line, column, "UTF-8 text, but the file holds bytes that are not UTF-8 here"));
            return [];
        }
        if (text.StartsWith('\uFEFF'))
            text = text[1..];   // a UTF-8 byte order mark, as some editors write
        return VectorFileParser.Parse(file, text, profile, errors, window, each);
    }
}
