namespace Conformance.Tests.Vectors;

/// <summary>Writes vector files into a scratch folder for the reader tests.</summary>
internal sealed class VectorFiles : IDisposable
{
    public const string Header = "scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note";

    public string Root { get; } = Directory.CreateTempSubdirectory("vectors-test-").FullName;

    public string Write(string relative, params string[] lines)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return relative;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
