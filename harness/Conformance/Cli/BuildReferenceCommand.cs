using System.CommandLine;
using Conformance.Intake;
using Conformance.ReferenceBuild;

namespace Conformance.Cli;

/// <summary>`conformance build-reference`: the patch (with fixes) built in userspace; prints the library's path.</summary>
public static class BuildReferenceCommand
{
    public static Command Create()
    {
        var patch = new PatchOptions();
        var flavor = new Option<Flavor>("--flavor") { Description = "release, sanitize (ASan+UBSan) or coverage (gcov)", DefaultValueFactory = _ => Flavor.Release };
        var command = new Command("build-reference", "Build the patch's own C code against the stand-ins: a library for the harness and a pure-C replay.") { flavor };
        patch.AddTo(command);
        command.SetAction(parsed =>
        {
            var source = patch.SourceOf(parsed);
            return Print(ReferenceBuilder.Build(source, patch.FixesOf(parsed), parsed.GetValue(flavor)));
        });
        return command;
    }

    private static int Print(BuiltReference built)
    {
        Console.Error.WriteLine($"conformance build-reference: {built.SourceDirectory} (blob {built.BlobId[..12]}) -> {built.OutputDirectory}");
        foreach (var warning in built.Warnings)
            Console.Error.WriteLine($"conformance build-reference: warning (not an error at W=0): {warning}");
        Console.WriteLine(built.LibraryPath);
        return ExitCodes.Conforms;
    }
}
