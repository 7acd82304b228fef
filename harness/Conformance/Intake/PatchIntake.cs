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
        {
            var name = source.PatchFile == InputFile.StandardInput ? InputFile.StandardInputName : source.PatchFile!;
            (content, declarations, form) = FromPatch(name, InputFile.ReadBytes(source.PatchFile!, MaxInputBytes), taken, source.UpTo);
        }

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
        var input = MailInput.Read(file, bytes, MaxInputBytes);
        if (upTo is not null && !input.IsMail)
            throw new IntakeException(file, 0, $"a series mbox to cut with --upto {upTo}, but this is {Article(input.Form)}");
        var patches = new List<FilePatch>();
        bool quoting = false;
        if (input.IsMail)
        {
            var messages = MboxSeries.Order(file, input.Documents);
            var cut = upTo is null ? messages.Count : MboxSeries.CutAfter(messages, upTo)
                ?? throw new IntakeException(file, 0, $"a patch numbered {upTo} or with '{upTo}' in its subject, to cut the series after; " +
                                                      $"the subjects are: {string.Join(" | ", messages.Select(m => m.Subject))}");
            // Which diffs are ours is decided over the whole series: a rename in one message
            // makes the file another message created ours.
            var all = new List<(MboxSeries.Message Message, FilePatch Patch)>();
            foreach (var message in messages.Take(cut))
                foreach (var part in message.Parts)
                    foreach (var patch in Diffs(part, ref quoting))
                        all.Add((message, patch));
            var ours = Ours(all.Select(x => x.Patch).ToList()).ToHashSet();
            patches = all.Where(x => ours.Contains(x.Patch)).Select(x => x.Patch).ToList();
            taken.AddRange(all.Where(x => ours.Contains(x.Patch)).Select(x => x.Message).Distinct().Select(m => m.Subject));
        }
        else
        {
            patches = Ours(Diffs(input.Documents[0], ref quoting));
            taken.Add(Path.GetFileName(file));
        }
        string form = input.IsMail ? input.Form
            : quoting ? $"{(input.Form.EndsWith("text", StringComparison.Ordinal) ? input.Form[..^"text".Length] + "mail" : input.Form)} quoting the patch"
            : input.Form.EndsWith("text", StringComparison.Ordinal) ? input.Form[..^"text".Length] + "unified diff" : input.Form;
        return (ContentOf(file, input.Form, patches), DeclarationsHeader.FromPatches(patches), form);
    }

    // A document's diffs: the quoted ones of a reply that quotes a patch, else the diffs in it.
    private static IReadOnlyList<FilePatch> Diffs(PatchDocument document, ref bool quoting)
    {
        if (!MailUnquoting.QuotesADiff(document.Lines))
            return UnifiedDiffParser.Parse(document.Origin, document.Lines);
        quoting = true;
        return UnifiedDiffParser.Parse(document.Origin, MailUnquoting.QuotedLines(document.Lines));
    }

    // The file's content after every diff the input has for it, in order. The first must bring
    // the file into being: create it, or rename or copy it from a file the input created.
    private static byte[] ContentOf(string file, string form, IReadOnlyList<FilePatch> patches)
    {
        var first = patches.FirstOrDefault(p => p.Path == PatchedFile)
                    ?? throw new IntakeException(file, 0,
                        $"a diff that creates or changes {PatchedFile}, but this {form} has none{(patches.Count == 0 ? " (no diff of any file we build)" : "")}");
        var contents = new Dictionary<string, PatchApplier.Content>(StringComparer.Ordinal);
        foreach (var patch in patches)
        {
            if (patch.DeletesFile)
            {
                if (patch.OldPath == PatchedFile)
                    throw new IntakeException(patch.Origin ?? file, patch.HeaderLine, $"a diff that creates or changes {PatchedFile}, but this one deletes it");
                contents.Remove(patch.OldPath);
                continue;
            }
            PatchApplier.Content before;
            if (patch.CreatesFile)
            {
                if (patch.Path == PatchedFile && contents.ContainsKey(PatchedFile))
                    throw new IntakeException(patch.Origin ?? file, patch.HeaderLine,
                        $"one version of {PatchedFile}, but it is created a second time here (first at line {first.HeaderLine}): " +
                        "the input holds two versions of the file; cut it to the one you mean");
                before = PatchApplier.Content.Empty;
            }
            else if (!contents.TryGetValue(patch.Source, out before!))
            {
                if (patch.Path != PatchedFile)
                    continue;                                       // a header the input only changes
                throw new IntakeException(patch.Origin ?? file, patch.HeaderLine, patch.Move == FileMove.None
                    ? $"a diff that creates {PatchedFile}; this one changes the file as it already is, which the input does not hold. " +
                      $"Give that too: --kernel-tree TREE --fix {file} (TREE holding the file this diff applies to), or --patch BASE --fix {file} (BASE the patch that creates it)"
                    : $"a diff that creates {PatchedFile}; this one {(patch.Move == FileMove.Rename ? "renames" : "copies")} it from {patch.OldPath}, which the input does not create. " +
                      $"Give the file before: --patch BASE --fix {file} (BASE a patch that creates {PatchedFile} with that content), or --kernel-tree TREE --fix {file}");
            }
            var after = PatchApplier.Apply(patch.Origin ?? file, patch, before);
            if (patch.Move == FileMove.Rename)
                contents.Remove(patch.OldPath);
            contents[patch.Path] = after;
            if (patch.Path == PatchedFile)
                CheckBlob(patch.Origin ?? file, patch, after.Bytes());
        }
        return contents[PatchedFile].Bytes();
    }

    private static string Article(string form) => form.Length > 0 && "aeiou".Contains(form[0]) ? $"an {form}" : $"a {form}";

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

    // The diffs of files we build, and of any file that is renamed or copied into one of them.
    private static List<FilePatch> Ours(IReadOnlyList<FilePatch> patches)
    {
        var sources = patches.Where(p => p.Move != FileMove.None && FilesWeBuild.Contains(p.Path)).Select(p => p.OldPath).ToHashSet(StringComparer.Ordinal);
        return patches.Where(p => FilesWeBuild.Contains(p.Path) || sources.Contains(p.Path)).ToList();
    }

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
