using System.Diagnostics;

namespace Conformance.Coverage;

/// <summary>Runs gcc's gcov over the .gcda files of a coverage build and returns its JSON, one document per data file.</summary>
public static class GcovRunner
{
    public static IReadOnlyList<string> JsonFor(string objectDirectory)
    {
        var dataFiles = Directory.GetFiles(objectDirectory, "*.gcda", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (dataFiles.Count == 0)
            throw new InvalidOperationException($"no .gcda files under {objectDirectory}: did the coverage build run?");
        var documents = new List<string>();
        foreach (var gcda in dataFiles)
        {
            var start = new ProcessStartInfo("gcov")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(gcda)!,
            };
            foreach (var arg in new[] { "-b", "--json-format", "--stdout", Path.GetFileName(gcda) })
                start.ArgumentList.Add(arg);
            using var gcov = Process.Start(start)!;
            var stderr = gcov.StandardError.ReadToEndAsync();
            var json = gcov.StandardOutput.ReadToEnd();
            gcov.WaitForExit();
            if (gcov.ExitCode != 0)
                throw new InvalidOperationException($"gcov failed on {gcda}: {stderr.Result}");
            documents.Add(json);
        }
        return documents;
    }
}
