using System.Text;
using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>
/// The step file: scenarios the harness has read and checked, written for the C side (the
/// pure-C replay under gcov, the sanitizers and the bench) so that the vector format has one
/// reader. It is the lockstep's own calls on a side: this class is an <see cref="IMpamSide"/>
/// that records each call instead of making it, so <see cref="StepDispatch"/> is the only
/// place a vector op becomes a call, here as everywhere.
///
/// Format (little-endian; reference-c/replay/step_file.h reads it):
///   header   "MPAMSTP1" (8 bytes), u32 version = 2
///   record   u8 kind, u32 vector line, then by kind:
///     0 scenario   str name, str file            (the replay resets before it)
///     1 topology   u32 cpus, u32 nodes
///     2 class      i32 id, i32 type (0 cache, 1 memory, 2 unknown), u8 level
///     3 component  i32 class, i32 id, u32 words, u64 affinity[words]
///     4 map        i32 rid, i32 class, u8 alloc_capable
///     5 partid_max i32 value
///     6 setup
///     7 online     u32 cpu
///     8 offline    u32 cpu
///     9 alloc_capable
///    10 num_closid
///    11 get_resource u32 level
///    12 fail_alloc i32 nth
///    13 fail_fs    i32 call (enum mpam_ref_fs_call), i32 nth, i32 err
///    14 cache      u32 level, u32 id, u32 size, u32 words, u64 cpus[words]
///    15 props      i32 class, u32 cpbm_wd, u32 mbw_pbm_bits, u32 bwa_wd, u32 num_csu_mon,
///                  u32 num_mbwu_mon, u32 words, u64 features[words]
///    16 mount      u8 options (1 cdp, 2 cdpl2)
///    17 unmount
///    18 schemata   i32 rid, u32 closid, i32 type, u32 words, u64 pairs[words] (domain id low, value high)
///    19 schemata_read i32 rid, i32 domain, u32 closid, i32 type
///    20 exit
///    21 teardown   i32 class
///    22 mon_ctx_alloc i32 event
///    23 mon_ctx_free  i32 event
///    24 rmid_read  i32 domain, u32 closid, u32 rmid, i32 event
///    25 cpus_write u32 cpu, u32 closid, u32 rmid
///    26 task_write u32 task, u32 closid, u32 rmid
///    27 task_match u32 task, u32 closid, i32 rmid (-1: the closid alone)
///    28 pmg_max    i32 value
///    29 rmid_idx   u32 closid, u32 rmid
///    30 rmid_idx_decode u32 idx, u8 want_rmid
///   str      u32 length, bytes (UTF-8)
/// Every record after a scenario record is one step of that scenario, in order.
/// </summary>
public sealed class StepFileWriter : IMpamSide, IDisposable
{
    public static readonly byte[] Magic = "MPAMSTP1"u8.ToArray();
    public const uint Version = 2;

    private readonly BinaryWriter _out;
    private int _line;

    public StepFileWriter(Stream stream, ResourceProfile profile)
    {
        _out = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: false);
        Profile = profile;
        _out.Write(Magic);
        _out.Write(Version);
    }

    /// <summary>Writes every scenario, each step through <see cref="StepDispatch"/>.</summary>
    public static void Write(string path, IReadOnlyList<Scenario> scenarios, ResourceProfile profile)
    {
        using var writer = new StepFileWriter(File.Create(path), profile);
        foreach (var scenario in scenarios)
        {
            writer.Begin(scenario);
            for (int i = 0; i < scenario.Steps.Count; i++)
            {
                writer._line = scenario.Steps[i].Line;
                StepDispatch.Apply(writer, scenario.Steps[i]);
            }
        }
    }

    public ResourceProfile Profile { get; }

    private void Begin(Scenario scenario)
    {
        Record(0, scenario.Line);
        Str(scenario.Name);
        Str(scenario.File);
    }

    public void Reset() { }
    public void BeginStep() { }                                 // the replay begins each step it reads itself
    public int Topology(int cpus, int nodes) { Record(1); _out.Write((uint)cpus); _out.Write((uint)nodes); return 0; }
    public int AddClass(int classId, MpamClassType type, int level) { Record(2); _out.Write(classId); _out.Write((int)type); _out.Write((byte)level); return 0; }

    public int AddComponent(int classId, int componentId, ReadOnlySpan<ulong> affinity)
    {
        Record(3);
        _out.Write(classId);
        _out.Write(componentId);
        _out.Write((uint)affinity.Length);
        foreach (var word in affinity)
            _out.Write(word);
        return 0;
    }

    public int Mount(MountOptions options) { Record(16); _out.Write((byte)options); return 0; }
    public int Unmount() { Record(17); return 0; }

    public int SchemataWrite(int rid, int closid, int type, ReadOnlySpan<int> domainIds, ReadOnlySpan<uint> values)
    {
        Record(18);
        _out.Write(rid);
        _out.Write((uint)closid);
        _out.Write(type);
        _out.Write((uint)domainIds.Length);
        for (int i = 0; i < domainIds.Length; i++)
            _out.Write((uint)domainIds[i] | (ulong)values[i] << 32);
        return 0;
    }

    public int SchemataRead(int rid, int domainId, int closid, int type)
    {
        Record(19);
        _out.Write(rid);
        _out.Write(domainId);
        _out.Write((uint)closid);
        _out.Write(type);
        return 0;
    }

    public int Exit() { Record(20); return 0; }
    public int TeardownClass(int classId) { Record(21); _out.Write(classId); return 0; }

    public int SetClassProps(int classId, ReadOnlySpan<ulong> features, int cpbmWd, int mbwPbmBits, int bwaWd, int numCsuMon, int numMbwuMon)
    {
        Record(15);
        _out.Write(classId);
        foreach (var value in new[] { cpbmWd, mbwPbmBits, bwaWd, numCsuMon, numMbwuMon })
            _out.Write((uint)value);
        _out.Write((uint)features.Length);
        foreach (var word in features)
            _out.Write(word);
        return 0;
    }

    public int SetCacheInfo(ReadOnlySpan<ulong> cpus, int level, int id, int size)
    {
        Record(14);
        _out.Write((uint)level);
        _out.Write((uint)id);
        _out.Write((uint)size);
        _out.Write((uint)cpus.Length);
        foreach (var word in cpus)
            _out.Write(word);
        return 0;
    }

    public int MapClass(int rid, int classId, bool allocCapable) { Record(4); _out.Write(rid); _out.Write(classId); _out.Write(allocCapable ? (byte)1 : (byte)0); return 0; }
    public int SetPartidMax(int partidMax) { Record(5); _out.Write(partidMax); return 0; }
    public int SetPmgMax(int pmgMax) { Record(28); _out.Write(pmgMax); return 0; }
    public int RmidIdxEncode(int closid, int rmid) { Record(29); _out.Write((uint)closid); _out.Write((uint)rmid); return 0; }
    public int RmidIdxDecode(int idx, bool wantRmid) { Record(30); _out.Write((uint)idx); _out.Write(wantRmid ? (byte)1 : (byte)0); return 0; }
    public int Setup() { Record(6); return 0; }
    public int CpuOnline(int cpu) { Record(7); _out.Write((uint)cpu); return 0; }
    public int CpuOffline(int cpu) { Record(8); _out.Write((uint)cpu); return 0; }
    public int AllocCapable() { Record(9); return 0; }
    public int NumClosid() { Record(10); return 0; }
    public int GetResource(uint level) { Record(11); _out.Write(level); return 0; }
    public int FailAlloc(int nth) { Record(12); _out.Write(nth); return 0; }
    public int MonCtxAlloc(int eventId) { Record(22); _out.Write(eventId); return 0; }
    public int MonCtxFree(int eventId) { Record(23); _out.Write(eventId); return 0; }
    public int RmidRead(int domainId, int closid, int rmid, int eventId) { Record(24); _out.Write(domainId); _out.Write((uint)closid); _out.Write((uint)rmid); _out.Write(eventId); return 0; }
    public int CpusWrite(int cpu, int closid, int rmid) { Record(25); _out.Write((uint)cpu); _out.Write((uint)closid); _out.Write((uint)rmid); return 0; }
    public int TaskWrite(int task, int closid, int rmid) { Record(26); _out.Write((uint)task); _out.Write((uint)closid); _out.Write((uint)rmid); return 0; }
    public int TaskMatch(int task, int closid, int rmid) { Record(27); _out.Write((uint)task); _out.Write((uint)closid); _out.Write(rmid); return 0; }
    public int FailFs(FsCall call, int nth, int error) { Record(13); _out.Write((int)call); _out.Write(nth); _out.Write(error); return 0; }

    /// <summary>A recorder has no state to show.</summary>
    public void Fill(StateSnapshot snapshot) { }

    // Writing a step file observes nothing, so nothing is ever asked about leaks.
    public IReadOnlyList<UnlistedAllocation> UnlistedAllocations(long after = 0) => [];
    public IReadOnlyList<long> FreedAfter(long after) => [];
    public IReadOnlyList<UnlistedAllocation> HeldAllocations() => [];

    private void Record(byte kind, int? line = null)
    {
        _out.Write(kind);
        _out.Write((uint)(line ?? _line));
    }

    private void Str(string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        _out.Write((uint)bytes.Length);
        _out.Write(bytes);
    }

    public void Dispose() => _out.Dispose();
}
