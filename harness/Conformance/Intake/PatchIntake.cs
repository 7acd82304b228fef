using System.Text;
using System.Text.Json;

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
        IReadOnlyList<DeclarationsHeader.Addition> declarations;
        string form;
        var taken = new List<string>();
        if (source.KernelTree is { } tree)
        {
            (content, declarations) = KernelTreeReader.Read(tree);
            form = "kernel tree";
        }
        else
            (content, declarations, form) = FromPatchFile(source.PatchFile!, taken);

        var applied = new List<string>();
        foreach (var fix in fixes)
        {
            content = ApplyFix(fix, content);
            applied.Add(fix);
        }

        var result = new ExtractedSource(Path.GetFullPath(outputDirectory), GitBlob.Id(content), form, taken, applied);
        WriteAllOrNothing(outputDirectory, dir =>
        {
            Directory.CreateDirectory(Path.Combine(dir, "drivers/resctrl"));
            File.WriteAllBytes(Path.Combine(dir, PatchedFile), content);
            Directory.CreateDirectory(Path.Combine(dir, "include/generated"));
            File.WriteAllText(Path.Combine(dir, DeclarationsHeader.RelativePath), DeclarationsHeader.Render(source.Describe, declarations));
            File.WriteAllText(Path.Combine(dir, "intake.json"), JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        });
        return result;
    }

    private static (byte[], IReadOnlyList<DeclarationsHeader.Addition>, string) FromPatchFile(string file, List<string> taken)
    {
        var lines = ReadLines(file);
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
            foreach (var message in MboxSeries.Split(lines))
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
        if (!first.CreatesFile)
            throw new IntakeException(file, first.HeaderLine,
                $"a diff that creates {PatchedFile}; this one changes an existing file, so pass the tree it applies to with --kernel-tree");
        var content = PatchApplier.Content.Empty;
        foreach (var patch in patches.Where(p => p.Path == PatchedFile))
        {
            content = PatchApplier.Apply(file, patch, content);
            CheckBlob(file, patch, content.Bytes());
        }
        return (content.Bytes(), DeclarationsHeader.FromPatches(patches), form);
    }

    private static byte[] ApplyFix(string fix, byte[] before)
    {
        var lines = ReadLines(fix);
        var patches = UnifiedDiffParser.Parse(fix, lines.Select((l, i) => new SourceLine(l, i + 1)).ToList());
        var ours = patches.Where(p => p.Path == PatchedFile).ToList();
        if (ours.Count == 0)
            throw new IntakeException(fix, 0, $"a fix that changes {PatchedFile}");
        var content = PatchApplier.Content.Of(Encoding.UTF8.GetString(before));
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

    private static IReadOnlyList<string> ReadLines(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
                throw new IntakeException(file, 0, "an existing, readable file");
            if (info.Length > MaxInputBytes)
                throw new IntakeException(file, 0, $"at most {MaxInputBytes >> 20} MiB of input, got {info.Length >> 20} MiB");
            var text = File.ReadAllText(file);
            var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
            if (lines.Count > 0 && lines[^1].Length == 0)
                lines.RemoveAt(lines.Count - 1);
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IntakeException(file, 0, $"a readable file ({e.Message})");
        }
    }

    // Staged beside the target and renamed into place: a failure leaves no half-written folder,
    // and an existing folder is replaced only once the new one is complete.
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
                Directory.Delete(target, recursive: true);
            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
        }
    }
}
