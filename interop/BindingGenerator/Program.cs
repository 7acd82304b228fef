using System.Diagnostics;
using BindingGenerator;
using BindingGenerator.Clang;

// binding-generator --header H --out DIR [--namespace NS] [--library NAME] [-I DIR]... [-D NAME[=V]]...
// Exit codes: 0 written, 1 clang errors or an unsupported construct, 2 usage.
return Cli.Run(args);

internal static class Cli
{
    public static int Run(string[] args)
    {
        string? header = null, output = null, ns = "Conformance.Interop", library = "mpamref";
        var clangArgs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--header": header = Next(); break;
                    case "--out": output = Next(); break;
                    case "--namespace": ns = Next(); break;
                    case "--library": library = Next(); break;
                    case "-I": clangArgs.Add("-I" + Next()); break;
                    case "-D": clangArgs.Add("-D" + Next()); break;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"binding-generator: {e.Message}");
                return 2;
            }
        }
        if (header is null || output is null)
        {
            Console.Error.WriteLine("binding-generator: expected --header FILE --out DIR");
            return 2;
        }
        try
        {
            var files = Generator.Generate(header, ns, library, clangArgs);
            Generator.Write(files, output);
            Console.Error.WriteLine($"binding-generator: {files.Count} files from {header} into {output}");
            return 0;
        }
        catch (Exception e) when (e is ClangErrorsException or UnsupportedDeclarationException or FileNotFoundException)
        {
            Console.Error.WriteLine($"binding-generator: {e.Message}");
            return 1;
        }
    }
}

/// <summary>The generator as a library: header in, file contents out (tests call this directly).</summary>
internal static class Generator
{
    public static IReadOnlyDictionary<string, string> Generate(string header, string ns, string library, IReadOnlyList<string> clangArgs)
    {
        if (!File.Exists(header))
            throw new FileNotFoundException($"{header}: no such header");
        var full = Path.GetFullPath(header);
        var arguments = new List<string> { "-I" + Path.GetDirectoryName(full) };
        arguments.AddRange(clangArgs);
        if (CompilerIncludeDirectory() is { } builtin)
            arguments.Add("-isystem" + builtin);
        using var tu = TranslationUnit.Parse(full, arguments);
        foreach (var diagnostic in tu.Diagnostics)
            Console.Error.WriteLine(diagnostic);
        // The generated comment names the header relative to the working directory, so output is the same on every machine.
        var shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), full).Replace('\\', '/');
        var declarations = DeclarationReader.Read(tu, full) with { Header = shown };
        return new CSharpEmitter(ns, library).Emit(declarations);
    }

    /// <summary>Replaces the generated .cs files of <paramref name="directory"/> with <paramref name="files"/>.</summary>
    public static void Write(IReadOnlyDictionary<string, string> files, string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.GetFiles(directory, "*.cs"))
            if (!files.ContainsKey(Path.GetFileName(stale)))
                File.Delete(stale);
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path) || File.ReadAllText(path) != text)
                File.WriteAllText(path, text);
        }
    }

    // libclang from NuGet has no resource directory of its own: stddef.h and friends come from gcc's.
    private static string? CompilerIncludeDirectory()
    {
        try
        {
            using var gcc = Process.Start(new ProcessStartInfo("gcc", "-print-file-name=include") { RedirectStandardOutput = true, UseShellExecute = false });
            var dir = gcc!.StandardOutput.ReadToEnd().Trim();
            gcc.WaitForExit();
            return gcc.ExitCode == 0 && Directory.Exists(dir) ? dir : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
