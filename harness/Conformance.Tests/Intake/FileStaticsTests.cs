using Conformance.Intake;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Intake;

/// <summary>The file-scope variables of each revision, restored at every reset.</summary>
public sealed class FileStaticsTests
{
    private static string[] Revision(string name) =>
        File.ReadAllLines(Path.Combine(RepoPaths.Shared, "revisions", name, "drivers", "resctrl", "mpam_resctrl.c"));

    [Test]
    public void TheSeedKeepsItsResourceTableAndItsLock() =>
        // Read from the seed: the table of resources and domain_list_lock are its only file-scope variables.
        Assert.That(FileStatics.Of(SeedSource.Lines), Is.EqualTo(new[] { "mpam_resctrl_controls", "domain_list_lock" }));

    [Test]
    public void MainlineKeepsFlagsCountersAndWaitQueuesToo() =>
        // Read from mainline, top to bottom: every variable defined outside a function.
        Assert.That(FileStatics.Of(Revision("mainline-fb481ec0")), Is.EqualTo(new[]
        {
            "resctrl_mon_ctx_waiters", "mpam_resctrl_controls", "mpam_resctrl_counters", "domain_list_lock",
            "cdp_enabled", "cacheinfo_ready", "wait_cacheinfo_ready", "resctrl_enabled",
        }));

    [Test]
    public void PrototypesTypesAndLocalsAreNotVariables()
    {
        string[] file =
        [
            "static int helper(int x);",
            "struct thing {",
            "\tint field;",
            "};",
            "static const char *const names[3] = {",
            "\t\"a\", \"b\", \"c\",",
            "};",
            "int counter;",
            "void f(void)",
            "{",
            "\tint local = 0;",
            "}",
        ];
        Assert.That(FileStatics.Of(file), Is.EqualTo(new[] { "names", "counter" }));
    }
}
