using System.Text.Json;
using Conformance.FileSystem;

namespace Conformance.Intake;

/// <summary>What an extraction produced, as intake.json records it.</summary>
public sealed record ExtractedSource(
    string OutputDirectory,
    string BlobId,
    string InputForm,
    IReadOnlyList<string> PatchesTaken,
    IReadOnlyList<string> FixesApplied);

/// <summary>
/// Patch in, exact source out: the patch's drivers/resctrl/mpam_resctrl.c byte for byte (checked
/// against the diff's own blob id whenever it has one), the declarations it adds to headers as a
/// generated header, and any fixes applied on top in order. Bad input throws
/// <see cref="IntakeException"/> before anything is written; the output folder appears whole or not at all.
/// </summary>
public static class PatchIntake
{
    public const string PatchedFile = "drivers/resctrl/mpam_resctrl.c";
    public const long MaxInputBytes = 64L << 20;

    private static readonly string[] FilesWeBuild = [PatchedFile, .. DeclarationsHeader.Headers];

    public static ExtractedSource Extract(PatchSource source, IReadOnlyList<string> fixes, string outputDirectory)
    {
        byte[] content;
        IReadOnlyList<DeclarationsHeader.Addition> declarations = [];
        IReadOnlyList<KernelTreeReader.TreeFile> treeHeaders = [];
        string form;
        var taken = new List<string>();
        if (source.KernelTree is { } tree)
        {
            (content, treeHeaders) = KernelTreeReader.Read(tree);
            form = "kernel tree";
        }
        else
            (content, declarations, form) = FromPatch(source.PatchFile!, InputFile.ReadBytes(source.PatchFile!, MaxInputBytes), taken, source.UpTo);

        var applied = new List<string>();
        foreach (var fix in fixes)
        {
            content = ApplyFix(fix, InputFile.ReadBytes(fix, MaxInputBytes), content);
            applied.Add(fix);
        }

        var result = new ExtractedSource(Path.GetFullPath(outputDirectory), GitBlob.Id(content), form, taken, applied);
        WriteAllOrNothing(outputDirectory, dir =>
        {
            Directory.CreateDirectory(Path.Combine(dir, "drivers/resctrl"));
            File.WriteAllBytes(Path.Combine(dir, PatchedFile), content);
            Directory.CreateDirectory(Path.Combine(dir, "include/generated"));
            // The declarations are the patch's bytes (Latin-1 chars); the path naming it is Unicode.
            var describe = PatchText.Decode(System.Text.Encoding.UTF8.GetBytes(source.Describe));
            File.WriteAllBytes(Path.Combine(dir, DeclarationsHeader.RelativePath), PatchText.Encode(DeclarationsHeader.Render(describe, declarations)));
            // Every file-scope variable, restored at each reset by the glue (each scenario boots afresh).
            File.WriteAllText(Path.Combine(dir, FileStatics.RelativePath),
                FileStatics.Render(FileStatics.Of(PatchText.Lines(PatchText.Decode(content)))));
            // A tree's own headers go where the build finds them before the stand-ins.
            foreach (var header in treeHeaders)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, header.RelativePath))!);
                File.WriteAllBytes(Path.Combine(dir, header.RelativePath), header.Bytes);
            }
            File.WriteAllText(Path.Combine(dir, "intake.json"), JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        });
        return result;
    }

    /// <summary>
    /// The file's content from a patch's bytes (a mail, an mbox or a diff), as <see cref="Extract"/>
    /// reads it, or <see cref="IntakeException"/>: the entry the fuzz target drives.
    /// </summary>
    public static byte[] SourceFromPatch(string name, byte[] patch) => FromPatch(name, patch, [], null).Item1;


    private static (byte[], IReadOnlyList<DeclarationsHeader.Addition>, string) FromPatch(string file, byte[] bytes, List<string> taken, string? upTo)
    {
        var lines = Lines(bytes);
        if (upTo is not null && !MboxSeries.IsMbox(lines))
            throw new IntakeException(file, 0, $"a series mbox to cut with --upto {upTo}, but this is not an mbox");
        List<FilePatch> patches;
        string form;
        if (MailUnquoting.QuotesADiff(lines))
        {
            form = "mail quoting the patch";
            patches = Ours(UnifiedDiffParser.Parse(file, MailUnquoting.QuotedLines(lines)));
            taken.Add(Path.GetFileName(file));
        }
        else if (MboxSeries.IsMbox(lines))
        {
            form = "mbox";
            patches = [];
            var messages = MboxSeries.Split(file, lines);
            var cut = upTo is null ? messages.Count : MboxSeries.CutAfter(messages, upTo)
                ?? throw new IntakeException(file, 0, $"a patch numbered {upTo} or with '{upTo}' in its subject, to cut the series after; " +
                                                      $"the subjects are: {string.Join(" | ", messages.Select(m => m.Subject))}");
            foreach (var message in messages.Take(cut))
            {
                var ours = Ours(UnifiedDiffParser.Parse(file, message.Body));
                if (ours.Count == 0)
                    continue;
                taken.Add(message.Subject);
                patches.AddRange(ours);
            }
        }
        else
        {
            form = "unified diff";
            patches = Ours(UnifiedDiffParser.Parse(file, lines.Select((l, i) => new SourceLine(l, i + 1)).ToList()));
            taken.Add(Path.GetFileName(file));
        }

        var first = patches.FirstOrDefault(p => p.Path == PatchedFile)
                    ?? throw new IntakeException(file, 0, $"a diff that creates or changes {PatchedFile}");
        if (first.DeletesFile)
            throw new IntakeException(file, first.HeaderLine, $"a diff that creates or changes {PatchedFile}, but this one deletes it");
        if (!first.CreatesFile)
            throw new IntakeException(file, first.HeaderLine,
                $"a diff that creates {PatchedFile}; this one changes an existing file, so pass the tree it applies to with --kernel-tree");
        var content = PatchApplier.Content.Empty;
        foreach (var patch in patches.Where(p => p.Path == PatchedFile))
        {
            if (patch != first && patch.CreatesFile)
                throw new IntakeException(file, patch.HeaderLine,
                    $"one version of {PatchedFile}, but it is created a second time here (first at line {first.HeaderLine}): " +
                    "the input holds two versions of the file; cut it to the one you mean");
            if (patch.DeletesFile)
                throw new IntakeException(file, patch.HeaderLine, $"a diff that creates or changes {PatchedFile}, but this one deletes it");
            content = PatchApplier.Apply(file, patch, content);
            CheckBlob(file, patch, content.Bytes());
        }
        return (content.Bytes(), DeclarationsHeader.FromPatches(patches), form);
    }

    /// <summary>The content after applying a fix's bytes to <paramref name="before"/>, or <see cref="IntakeException"/>.</summary>
    public static byte[] ApplyFix(string fix, byte[] bytes, byte[] before)
    {
        var lines = Lines(bytes);
        var patches = UnifiedDiffParser.Parse(fix, lines.Select((l, i) => new SourceLine(l, i + 1)).ToList());
        var ours = patches.Where(p => p.Path == PatchedFile).ToList();
        if (ours.Count == 0)
            throw new IntakeException(fix, 0, $"a fix that changes {PatchedFile}");
        if (ours.FirstOrDefault(p => p.DeletesFile) is { } deletion)
            throw new IntakeException(fix, deletion.HeaderLine, $"a fix that changes {PatchedFile}, but this one deletes it (+++ /dev/null)");
        if (ours.FirstOrDefault(p => p.CreatesFile) is { } creation)
            throw new IntakeException(fix, creation.HeaderLine, $"a fix that changes {PatchedFile}, but this one creates it anew (--- /dev/null): pass it as --patch");
        var content = PatchApplier.Content.Of(PatchText.Decode(before));
        foreach (var patch in ours)
        {
            // A fix's index line names the pre-image it was made on. Applied after another fix,
            // the pre-image differs, and so will the result's id: check only on the same base.
            var preImage = GitBlob.Id(content.Bytes());
            content = PatchApplier.Apply(fix, patch, content);
            if (patch.IndexOld is { } old && preImage.StartsWith(old, StringComparison.Ordinal))
                CheckBlob(fix, patch, content.Bytes());
        }
        return content.Bytes();
    }

    private static void CheckBlob(string file, FilePatch patch, byte[] result)
    {
        if (patch.IndexNew is not { } expected)
            return;
        var actual = GitBlob.Id(result);
        if (!actual.StartsWith(expected, StringComparison.Ordinal))
            throw new IntakeException(file, patch.HeaderLine,
                $"{patch.Path} with git blob id {expected} (the diff's index line), but the result is {actual[..expected.Length]}: the patch text was altered in transit");
    }

    private static List<FilePatch> Ours(IEnumerable<FilePatch> patches) =>
        patches.Where(p => FilesWeBuild.Contains(p.Path)).ToList();

    // Intake works on bytes: each byte is one char (Latin-1), so whatever the patch holds, valid
    // UTF-8 or not, comes out byte for byte and its blob id is the id of those bytes.
    private static IReadOnlyList<string> Lines(byte[] bytes)
    {
        var lines = PatchText.Lines(PatchText.Decode(bytes));
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    // Staged beside the target and renamed into place: a failure leaves no half-written folder.
    // Only an empty folder is ever in the way (the caller refuses anything else); it is removed
    // just before the rename, never anything with content.
    private static void WriteAllOrNothing(string outputDirectory, Action<string> write)
    {
        var target = Path.GetFullPath(outputDirectory);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.partial-{Environment.ProcessId}");
        if (Directory.Exists(staging))
            Directory.Delete(staging, recursive: true);
        try
        {
            write(staging);
            if (Directory.Exists(target))
                Directory.Delete(target, recursive: false);   // throws unless empty
            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }
}
