using System.CommandLine;
using Conformance.FileSystem;
using Conformance.Intake;

namespace Conformance.Cli;

/// <summary>`conformance extract`: the patch's exact mpam_resctrl.c and its header additions, with fixes applied.</summary>
public static class ExtractCommand
{
    public static Command Create()
    {
        var patch = new PatchOptions();
        var output = new Option<string>("--out") { Description = "the folder to write: new, or an empty folder (written whole on success, untouched on failure)", Required = true };
        var command = new Command("extract", "Extract the patch's drivers/resctrl/mpam_resctrl.c byte-exact, and the declarations it adds to headers.") { output };
        patch.AddTo(command);
        command.SetAction(parsed =>
        {
            var source = patch.SourceOf(parsed);
            var target = CheckOutput(parsed.GetValue(output)!);
            var result = PatchIntake.Extract(source, patch.FixesOf(parsed), target);
            Console.Error.WriteLine($"conformance extract: {result.InputForm}, {string.Join("; ", result.PatchesTaken)}" +
                                    (result.FixesApplied.Count > 0 ? $", fixes {string.Join(", ", result.FixesApplied)}" : ""));
            Console.WriteLine($"{result.OutputDirectory}/{PatchIntake.PatchedFile} blob {result.BlobId}");
            return ExitCodes.Conforms;
        });
        return command;
    }

    // Extraction never replaces what is there: only a new or an empty folder is written.
    private static string CheckOutput(string output)
    {
        var target = Path.GetFullPath(output);
        var kind = UnixFile.KindOf(target);
        if (!UnixFile.Exists(target))
            return target;
        if (kind == FileKind.Directory && !Directory.EnumerateFileSystemEntries(target).Any())
            return target;
        throw new UsageException(kind == FileKind.Directory
            ? $"--out {target} is a folder that is not empty: name a new folder (extract never replaces or deletes anything)"
            : $"--out {target}: expected a new or empty folder, but it {(kind == FileKind.Missing ? "is a dangling symlink" : UnixFile.Describe(kind))}");
    }
}
