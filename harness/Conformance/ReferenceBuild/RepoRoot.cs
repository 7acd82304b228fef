namespace Conformance.ReferenceBuild;

/// <summary>The repository this tool was built from: the folder holding Conformance.sln.</summary>
public static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no Conformance.sln above {AppContext.BaseDirectory}: run the tool from its build output");
    }
}
