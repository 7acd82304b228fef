namespace Conformance.Tests;

/// <summary>The repository the tests were built from (the folder with Conformance.sln).</summary>
internal static class SourceTree
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
                    return dir.FullName;
            throw new InvalidOperationException("no Conformance.sln above the test directory");
        }
    }

    public static string InteropTests => Path.Combine(Root, "interop", "Interop.Tests");
}
