using Conformance.Observation;
using Conformance.Tests.TestSupport;
using Conformance.Vectors;

namespace Conformance.Tests.Vectors;

/// <summary>The step file the C replay reads: its bytes for a small scenario, worked out by hand from the format.</summary>
public sealed class StepFileWriterTests : TempDirectoryTest
{
    [Test]
    public void AScenarioIsItsCallsInTheDocumentedLayout()
    {
        var errors = new List<VectorFormatException>();
        var scenarios = VectorFileParser.Parse("v.csv", """
            scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
            s,topology,cpus=4 nodes=2,,,,,
            s,class,id=7 type=memory,,,,,
            s,component,class=7 id=1 cpus=1-2,,,,,
            s,map,res=MBA class=7 alloc_capable=1,,,,,
            s,setup,,,,,,
            s,online,cpus=2-1,,,,,
            s,fail_online_ctrl_domain,nth=3 err=-EIO,,,,,
            """, ResourceProfile.Default, errors);
        Assert.That(errors, Is.Empty);
        var path = Path.Combine(TempDir, "v.steps");
        StepFileWriter.Write(path, scenarios, ResourceProfile.Default);

        byte[] U32(uint v) => BitConverter.GetBytes(v);
        byte[] I32(int v) => BitConverter.GetBytes(v);
        byte[] Str(string s) => [.. U32((uint)s.Length), .. System.Text.Encoding.UTF8.GetBytes(s)];
        byte[] expected =
        [
            .. "MPAMSTP1"u8, .. U32(2),
            0, .. U32(2), .. Str("s"), .. Str("v.csv"),           // scenario s, first row at line 2
            1, .. U32(2), .. U32(4), .. U32(2),                   // topology cpus=4 nodes=2
            2, .. U32(3), .. I32(7), .. I32(1), 0,                // class 7, memory, level 0
            3, .. U32(4), .. I32(7), .. I32(1), .. U32(1), .. BitConverter.GetBytes(0b0110UL),
            4, .. U32(5), .. I32(2), .. I32(7), 1,                // MBA is the third resource of the default profile
            6, .. U32(6),                                         // setup
            7, .. U32(7), .. U32(2),                              // online cpu 2, then cpu 1: the row's order
            7, .. U32(7), .. U32(1),
            13, .. U32(8), .. I32(1), .. I32(3), .. I32(-5),      // online_ctrl_domain, -EIO
        ];
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(expected));
    }

    [Test]
    public void ACacheRowIsItsLevelIdSizeAndCpuMask()
    {
        var errors = new List<VectorFormatException>();
        var scenarios = VectorFileParser.Parse("v.csv", """
            scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note
            s,topology,cpus=70,,,,,
            s,cache,cpus=0-1,65 level=3 id=4 size=512,,,,,
            """.Replace("cpus=0-1,65", "\"cpus=0-1,65").Replace("size=512,", "size=512\","), ResourceProfile.Default, errors);
        Assert.That(errors, Is.Empty);
        var path = Path.Combine(TempDir, "c.steps");
        StepFileWriter.Write(path, scenarios, ResourceProfile.Default);
        var bytes = File.ReadAllBytes(path);
        byte[] U32(uint v) => BitConverter.GetBytes(v);
        byte[] cache = [14, .. U32(3), .. U32(3), .. U32(4), .. U32(512), .. U32(2), .. BitConverter.GetBytes(0b11UL), .. BitConverter.GetBytes(0b10UL)];
        Assert.That(bytes[^cache.Length..], Is.EqualTo(cache), "kind 14, line 3, level, id, size, two mask words (CPUs 0, 1 and 65)");
    }
}
