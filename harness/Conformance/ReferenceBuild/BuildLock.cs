namespace Conformance.ReferenceBuild;

/// <summary>
/// One process at a time for one build: an exclusively opened lock file (.NET takes an advisory
/// flock for FileShare.None on Linux, released when the process ends, so a killed run leaves no
/// stale lock). The wait is bounded: a build that holds the lock longer is a hung build.
/// </summary>
public static class BuildLock
{
    public static IDisposable Take(string path, TimeSpan wait)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
            catch (IOException)
            {
                throw new ReferenceBuildException([$"reference-c: another run has been building {Path.GetFileNameWithoutExtension(path)} for over {wait.TotalMinutes:0} minutes"], path);
            }
        }
    }
}
