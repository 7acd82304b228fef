using Conformance.ReferenceBuild;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.ReferenceBuild;

/// <summary>The reference builds are held to a size: the least recently used go first, never one used within the hour.</summary>
public sealed class BuildCacheTests : TempDirectoryTest
{
    // The prunes' clock: the file system's own for what a test only touches.
    private readonly DateTime Now = DateTime.UtcNow;

    // A build folder of `megabytes` (and its extracted sources, a kilobyte), last used `ago` before Now.
    private string Build(string key, int megabytes, TimeSpan ago)
    {
        var entry = Path.Combine(TempDir, "build", "ref", key);
        var release = Path.Combine(entry, "release");
        Directory.CreateDirectory(release);
        File.WriteAllBytes(Path.Combine(release, "libmpamref.so"), new byte[megabytes << 20]);
        File.WriteAllText(Path.Combine(entry, "release.built"), "");
        var source = Path.Combine(TempDir, "build", "src", key);
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Combine(source, "mpam_resctrl.c"), new byte[1024]);
        Age(entry, ago);
        Age(source, ago);
        return entry;
    }

    private void Age(string dir, TimeSpan ago)
    {
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(file, Now - ago);
        foreach (var sub in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Append(dir))
            Directory.SetLastWriteTimeUtc(sub, Now - ago);
    }

    private BuildCache.Pruned Prune(int limitMegabytes) =>
        BuildCache.Prune(TempDir, (long)limitMegabytes << 20, BuildCache.Grace, Now);

    private bool Kept(string key) =>
        Directory.Exists(Path.Combine(TempDir, "build", "ref", key)) && Directory.Exists(Path.Combine(TempDir, "build", "src", key));

    [Test]
    public void PastTheLimitTheBuildsUsedLongestAgoGoWithTheirSourcesUntilTheRestFit()
    {
        Build("aaaa", 3, TimeSpan.FromDays(3));
        Build("bbbb", 3, TimeSpan.FromDays(9));
        Build("cccc", 3, TimeSpan.FromDays(1));
        Build("dddd", 3, TimeSpan.FromHours(2));

        var pruned = Prune(7);

        // 12 MB (and 4 KB of sources) over 7: bbbb (9 days), then aaaa (3 days) leave 6 MB.
        Assert.That(pruned.Builds, Is.EqualTo(new[] { "bbbb", "aaaa" }));
        Assert.That(pruned.Bytes, Is.EqualTo(2 * ((3L << 20) + 1024)));
        Assert.That(Kept("cccc") && Kept("dddd"), Is.True);
        Assert.That(Directory.Exists(Path.Combine(TempDir, "build", "src", "bbbb")), Is.False, "its sources go with it");
        Assert.That(Directory.EnumerateDirectories(Path.Combine(TempDir, "build", "ref")).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "cccc", "dddd" }), "nothing is left aside");
    }

    [Test]
    public void UnderTheLimitNothingGoes()
    {
        Build("aaaa", 2, TimeSpan.FromDays(30));
        Build("bbbb", 2, TimeSpan.FromDays(60));

        Assert.That(Prune(5).Builds, Is.Empty);
        Assert.That(Kept("aaaa") && Kept("bbbb"), Is.True);
    }

    [Test]
    public void ABuildUsedWithinTheHourStaysWhateverTheSize()
    {
        Build("aaaa", 3, TimeSpan.FromMinutes(50));
        Build("bbbb", 3, TimeSpan.FromMinutes(5));
        Build("cccc", 3, TimeSpan.FromDays(2));

        var pruned = Prune(1);

        Assert.That(pruned.Builds, Is.EqualTo(new[] { "cccc" }), "only the old one goes, though 6 MB stay over a limit of 1");
        Assert.That(Kept("aaaa") && Kept("bbbb"), Is.True);
    }

    [Test]
    public void TouchingABuildMakesItTheLastToGo()
    {
        var old = Build("aaaa", 3, TimeSpan.FromDays(5));
        Build("bbbb", 3, TimeSpan.FromDays(2));
        BuildCache.Touch(old);
        File.SetLastWriteTimeUtc(Path.Combine(old, "used"), Now - TimeSpan.FromDays(1));   // asked for a day ago

        Assert.That(Prune(4).Builds, Is.EqualTo(new[] { "bbbb" }));
        Assert.That(Kept("aaaa"), Is.True);
    }

    [Test]
    public void ALibraryAWorkerLoadsKeepsItsBuildAndALibraryOfTheUsersIsLeftAlone()
    {
        var entry = Build("aaaa", 1, TimeSpan.FromDays(2));
        BuildCache.Touch(entry);
        File.SetLastWriteTimeUtc(Path.Combine(entry, "used"), Now - TimeSpan.FromDays(2));
        Age(entry, TimeSpan.FromDays(2));
        Build("bbbb", 1, TimeSpan.FromDays(1));

        BuildCache.InUse(Path.Combine(entry, "release", "libmpamref.so"));
        Assert.That(Prune(1).Builds, Is.EqualTo(new[] { "bbbb" }), "the build a worker just loaded is the last to go");

        var own = Directory.CreateDirectory(Path.Combine(TempDir, "mine", "lib")).FullName;
        BuildCache.InUse(Path.Combine(own, "libmpamref.so"));
        Assert.That(Directory.EnumerateFiles(Path.Combine(TempDir, "mine"), "*", SearchOption.AllDirectories), Is.Empty, "no marker written outside the cache");
    }

    [Test]
    public void WhatKilledRunsLeftIsClearedOnceItIsOld()
    {
        Build("aaaa", 1, TimeSpan.FromDays(1));
        var refs = Path.Combine(TempDir, "build", "ref");
        var src = Path.Combine(TempDir, "build", "src");
        var aside = Directory.CreateDirectory(Path.Combine(refs, ".pruned-eeee-0")).FullName;
        var extracting = Directory.CreateDirectory(Path.Combine(src, ".extract-42-0")).FullName;
        var orphan = Directory.CreateDirectory(Path.Combine(src, "ffff")).FullName;
        var extractingNow = Directory.CreateDirectory(Path.Combine(src, ".extract-43-0")).FullName;
        Age(aside, TimeSpan.FromDays(1));
        Age(extracting, TimeSpan.FromDays(1));
        Age(orphan, TimeSpan.FromDays(1));
        Age(extractingNow, TimeSpan.FromMinutes(1));
        File.WriteAllText(Path.Combine(refs, "README"), "not a build");

        Assert.That(Prune(100).Builds, Is.Empty, "under the limit");
        Assert.That(Directory.Exists(aside) || Directory.Exists(extracting) || Directory.Exists(orphan), Is.False);
        Assert.That(Directory.Exists(extractingNow), Is.True, "a run may be extracting right now");
        Assert.That(File.Exists(Path.Combine(refs, "README")) && Kept("aaaa"), Is.True, "files and live builds are not touched");
    }

    [Test]
    public void NoBuildFolderIsNothingToDo() =>
        Assert.That(BuildCache.Prune(TempDir, 0, BuildCache.Grace, Now).Builds, Is.Empty);

    [TestCase(null, 2L << 30)]
    [TestCase("", 2L << 30)]
    [TestCase("123456", 123456L)]
    [TestCase("500M", 500L << 20)]
    [TestCase("2g", 2L << 30)]
    [TestCase("64K", 64L << 10)]
    [TestCase(" 1T ", 1L << 40)]
    [TestCase("0", 0L)]
    public void TheLimitIsASizeWithAnOptionalUnit(string? text, long bytes) =>
        Assert.That(BuildCache.ParseLimit(text), Is.EqualTo(bytes));

    [TestCase("2X")]
    [TestCase("-1G")]
    [TestCase("1.5G")]
    [TestCase("G")]
    [TestCase("99999999999T")]
    public void ALimitThatIsNotASizeSaysWhatWasExpected(string text)
    {
        var error = Assert.Throws<BuildCacheLimitException>(() => BuildCache.ParseLimit(text));
        Assert.That(error!.Message, Does.StartWith($"MPAM_REF_CACHE_MAX={text}: expected a size in bytes"));
    }
}
