namespace Conformance.Tests.TestSupport;

/// <summary>A fresh temporary folder per test (<see cref="TempDir"/>), removed after it.</summary>
public abstract class TempDirectoryTest
{
    protected string TempDir { get; private set; } = "";

    [SetUp]
    public void CreateTempDir() => TempDir = Directory.CreateTempSubdirectory($"{GetType().Name}-").FullName;

    [TearDown]
    public void RemoveTempDir() => Directory.Delete(TempDir, recursive: true);
}
