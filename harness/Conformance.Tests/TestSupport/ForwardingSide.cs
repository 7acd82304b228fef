using Conformance.Lockstep;
using Conformance.Model;
using Conformance.Observation;

namespace Conformance.Tests.TestSupport;

/// <summary>A side that is another: every call passed on; a test's side overrides what it watches or changes.</summary>
public class ForwardingSide(IMpamSide inner) : IMpamSide
{
    public virtual IReadOnlyList<UnlistedAllocation> UnlistedAllocations(long after = 0) => inner.UnlistedAllocations(after);
    public virtual IReadOnlyList<long> FreedAfter(long after) => inner.FreedAfter(after);
    public virtual IReadOnlyList<UnlistedAllocation> HeldAllocations() => inner.HeldAllocations();
    public ResourceProfile Profile => inner.Profile;
    public void Reset() => inner.Reset();
    public void BeginStep() => inner.BeginStep();
    public int Topology(int cpus, int nodes) => inner.Topology(cpus, nodes);
    public int AddClass(int classId, MpamClassType type, int level) => inner.AddClass(classId, type, level);
    public int AddComponent(int classId, int componentId, ReadOnlySpan<ulong> affinity) => inner.AddComponent(classId, componentId, affinity);
    public int SetCacheInfo(ReadOnlySpan<ulong> cpus, int level, int id, int size) => inner.SetCacheInfo(cpus, level, id, size);
    public int Mount(MountOptions options) => inner.Mount(options);
    public int Unmount() => inner.Unmount();
    public int SchemataWrite(int rid, int closid, int type, ReadOnlySpan<int> domainIds, ReadOnlySpan<uint> values) =>
        inner.SchemataWrite(rid, closid, type, domainIds, values);
    public int SchemataRead(int rid, int domainId, int closid, int type) => inner.SchemataRead(rid, domainId, closid, type);
    public int Exit() => inner.Exit();
    public int TeardownClass(int classId) => inner.TeardownClass(classId);
    public int MonCtxAlloc(int eventId) => inner.MonCtxAlloc(eventId);
    public int MonCtxFree(int eventId) => inner.MonCtxFree(eventId);
    public int RmidRead(int domainId, int closid, int rmid, int eventId) => inner.RmidRead(domainId, closid, rmid, eventId);
    public int CpusWrite(int cpu, int closid, int rmid) => inner.CpusWrite(cpu, closid, rmid);
    public int TaskWrite(int task, int closid, int rmid) => inner.TaskWrite(task, closid, rmid);
    public int TaskMatch(int task, int closid, int rmid) => inner.TaskMatch(task, closid, rmid);
    public int SetClassProps(int classId, ReadOnlySpan<ulong> features, int cpbmWd, int mbwPbmBits, int bwaWd, int numCsuMon, int numMbwuMon) =>
        inner.SetClassProps(classId, features, cpbmWd, mbwPbmBits, bwaWd, numCsuMon, numMbwuMon);
    public int MapClass(int rid, int classId, bool allocCapable) => inner.MapClass(rid, classId, allocCapable);
    public int SetPartidMax(int partidMax) => inner.SetPartidMax(partidMax);
    public int SetPmgMax(int pmgMax) => inner.SetPmgMax(pmgMax);
    public int RmidIdxEncode(int closid, int rmid) => inner.RmidIdxEncode(closid, rmid);
    public int RmidIdxDecode(int idx, bool wantRmid) => inner.RmidIdxDecode(idx, wantRmid);
    public int Setup() => inner.Setup();
    public int CpuOnline(int cpu) => inner.CpuOnline(cpu);
    public int CpuOffline(int cpu) => inner.CpuOffline(cpu);
    public int AllocCapable() => inner.AllocCapable();
    public int NumClosid() => inner.NumClosid();
    public int GetResource(uint level) => inner.GetResource(level);
    public int FailAlloc(int nth) => inner.FailAlloc(nth);
    public int FailFs(FsCall call, int nth, int error) => inner.FailFs(call, nth, error);
    public virtual void Fill(StateSnapshot snapshot) => inner.Fill(snapshot);
}
