using System.Diagnostics;

namespace Conformance.Tests.TestSupport;

/// <summary>Builds Native/crashing_ref.c, the reference that dies on purpose, into a test's folder.</summary>
internal static class TestLibraries
{
    public static string Crashing(string dir, string name = "crashing.so", params string[] defines)
    {
        var source = Path.Combine(RepoPaths.Root, "harness", "Conformance.Tests", "Native", "crashing_ref.c");
        var output = Path.Combine(dir, name);
        var args = new List<string> { "-std=gnu2x", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-I", Path.Combine(RepoPaths.Root, "reference-c", "include") };
        args.AddRange(defines.Select(d => $"-D{d}"));
        args.AddRange([source, "-o", output]);
        using var gcc = Process.Start(new ProcessStartInfo("gcc", args) { UseShellExecute = false })!;
        gcc.WaitForExit();
        Assert.That(gcc.ExitCode, Is.Zero, $"building the test library {name}");
        return output;
    }
}
