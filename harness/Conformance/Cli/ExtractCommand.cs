using System.CommandLine;
using Conformance.Intake;

namespace Conformance.Cli;

/// <summary>`conformance extract`: the patch's exact mpam_resctrl.c and its header additions, with fixes applied.</summary>
public static class ExtractCommand
{
    public static Command Create()
    {
        var patch = new PatchOptions();
        var output = new Option<string>("--out") { Description = "the folder to write (replaced whole on success, untouched on failure)", Required = true };
        var command = new Command("extract", "Extract the patch's drivers/resctrl/mpam_resctrl.c byte-exact, and the declarations it adds to headers.") { output };
        patch.AddTo(command);
        command.SetAction(parsed =>
        {
            if (patch.SourceOf(parsed, "extract") is not { } source)
                return ExitCodes.BadInput;
            try
            {
                var result = PatchIntake.Extract(source, patch.FixesOf(parsed), parsed.GetValue(output)!);
                Console.Error.WriteLine($"conformance extract: {result.InputForm}, {string.Join("; ", result.PatchesTaken)}" +
                                        (result.FixesApplied.Count > 0 ? $", fixes {string.Join(", ", result.FixesApplied)}" : ""));
                Console.WriteLine($"{result.OutputDirectory}/{PatchIntake.PatchedFile} blob {result.BlobId}");
                return ExitCodes.Conforms;
            }
            catch (IntakeException e)
            {
                Console.Error.WriteLine($"conformance extract: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
