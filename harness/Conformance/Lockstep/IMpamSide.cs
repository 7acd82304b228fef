using Conformance.Model;
using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// One side of the lockstep: something driven exactly like mpam_ref.h, one call per step,
/// each returning the step's rc. The managed model is one; the C reference behind the
/// generated bindings is the other.
/// </summary>
public interface IMpamSide : ILeakLedger
{
    ResourceProfile Profile { get; }

    void Reset();
    /// <summary>Before each step's call: what the step before left pending (IPIs sent without waiting) happens now, after it was observed.</summary>
    void BeginStep();
    int Topology(int cpus, int nodes);
    int AddClass(int classId, MpamClassType type, int level);
    int AddComponent(int classId, int componentId, ReadOnlySpan<ulong> affinity);
    int SetCacheInfo(ReadOnlySpan<ulong> cpus, int level, int id, int size);
    int Mount(MountOptions options);
    int Unmount();
    int SchemataWrite(int rid, int closid, int type, ReadOnlySpan<int> domainIds, ReadOnlySpan<uint> values);
    int SchemataRead(int rid, int domainId, int closid, int type);
    int Exit();
    int TeardownClass(int classId);
    int MonCtxAlloc(int eventId);
    int MonCtxFree(int eventId);
    int RmidRead(int domainId, int closid, int rmid, int eventId);
    int CpusWrite(int cpu, int closid, int rmid);
    /// <summary>A task (0: current) into a group.</summary>
    int TaskWrite(int task, int closid, int rmid);
    /// <summary>Whether a task (0: current) is in the group: closid alone when <paramref name="rmid"/> is -1.</summary>
    int TaskMatch(int task, int closid, int rmid);
    int SetClassProps(int classId, ReadOnlySpan<ulong> features, int cpbmWd, int mbwPbmBits, int bwaWd, int numCsuMon, int numMbwuMon);
    int MapClass(int rid, int classId, bool allocCapable);
    int SetPartidMax(int partidMax);
    /// <summary>mpam_pmg_max (a u8); refused after setup.</summary>
    int SetPmgMax(int pmgMax);
    /// <summary>resctrl_arch_rmid_idx_encode(): the index.</summary>
    int RmidIdxEncode(int closid, int rmid);
    /// <summary>resctrl_arch_rmid_idx_decode(): the rmid it gives, or with <paramref name="wantRmid"/> false its closid.</summary>
    int RmidIdxDecode(int idx, bool wantRmid);
    int Setup();
    int CpuOnline(int cpu);
    int CpuOffline(int cpu);
    int AllocCapable();
    int NumClosid();
    int GetResource(uint level);
    int FailAlloc(int nth);
    int FailFs(FsCall call, int nth, int error);

    /// <summary>The observable state, and what the last step did, into <paramref name="snapshot"/> in place.</summary>
    void Fill(StateSnapshot snapshot);
}
