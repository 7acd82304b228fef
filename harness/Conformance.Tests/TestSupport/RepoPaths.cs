namespace Conformance.Tests.TestSupport;

/// <summary>The repository and the shared inputs beside it (../shared: the seed patch and the fixes).</summary>
internal static class RepoPaths
{
    public static string Root => Conformance.ReferenceBuild.RepoRoot.Find();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Seed => Require(Path.Combine(Shared, "seeds", "000_dc5dbb2b9c46e6a8.txt"));

    public static string Fix(string name) => Require(Path.Combine(Shared, "fixes", name));

    private static string Require(string path)
    {
        if (!File.Exists(path))
            Assert.Fail($"{path} is missing: the tests that need the real patch read it from ../shared beside the repository");
        return path;
    }
}
