using Conformance.Observation;
using Conformance.Model;

namespace Conformance.Vectors;

/// <summary>The typed arguments of a step; one record per op (ops without arguments use <see cref="NoArgs"/>).</summary>
public abstract record StepArgs;

public sealed record NoArgs : StepArgs
{
    public static NoArgs Instance { get; } = new();
}

public sealed record TopologyArgs(int Cpus, int Nodes) : StepArgs;

public sealed record ClassArgs(int Id, MpamClassType Type, int Level) : StepArgs;

/// <summary>A component and its affinity as a mask over the scenario's CPUs.</summary>
public sealed record ComponentArgs(int ClassId, int Id, ulong[] Affinity) : StepArgs;

public sealed record MapArgs(int Rid, int ClassId, bool AllocCapable) : StepArgs;

public sealed record MountArgs(MountOptions Options) : StepArgs;

/// <summary>A schemata line: one resource and closid, a value per listed domain.</summary>
public sealed record SchemataArgs(int Rid, int Closid, int Type, int[] DomainIds, uint[] Values) : StepArgs;

public sealed record SchemataReadArgs(int Rid, int DomainId, int Closid, int Type) : StepArgs;

public sealed record TeardownArgs(int ClassId) : StepArgs;

/// <summary>A class's merged props: feature bits in the revision's enum order, the widths and monitor counts.</summary>
public sealed record PropsArgs(int ClassId, ulong[] Features, int CpbmWd, int MbwPbmBits, int BwaWd, int NumCsuMon, int NumMbwuMon) : StepArgs;

/// <summary>The cache at a level of every CPU in a mask: its id and size in bytes, as cacheinfo reports it.</summary>
public sealed record CacheArgs(ulong[] Cpus, int Level, int Id, int Size) : StepArgs;

public sealed record PartidMaxArgs(int Value) : StepArgs;

/// <summary>mpam_pmg_max, a u8.</summary>
public sealed record PmgMaxArgs(int Value) : StepArgs;

/// <summary>The filesystem's rmid index of a (closid, rmid) pair.</summary>
public sealed record RmidIdxArgs(int Closid, int Rmid) : StepArgs;

/// <summary>An rmid index decoded: the half asked for, its rmid or its closid.</summary>
public sealed record RmidIdxDecodeArgs(int Idx, bool WantRmid) : StepArgs
{
    public static readonly string[] Fields = ["closid", "rmid"];
}

/// <summary>One CPU of an online/offline row (a <c>cpus=LIST</c> row is one step per CPU).</summary>
public sealed record CpuArgs(int Cpu) : StepArgs
{
    private static readonly CpuArgs[] Shared = Enumerable.Range(0, MpamTopology.MaxCpus).Select(c => new CpuArgs(c)).ToArray();

    /// <summary>The one instance for this CPU: steps made on demand share it instead of allocating.</summary>
    public static CpuArgs Of(int cpu) => (uint)cpu < (uint)Shared.Length ? Shared[cpu] : new CpuArgs(cpu);

    // Kept beside the instances, not in them: a record's fields are its equality.
    private static readonly string?[] Texts = new string?[MpamTopology.MaxCpus];

    /// <summary>This step's own argument, <c>cpu=N</c>, made once per CPU (a recorded step of a long row says which CPU it moved).</summary>
    public string Text => (uint)Cpu < (uint)Texts.Length ? Texts[Cpu] ??= Format(Cpu) : Format(Cpu);

    private static string Format(int cpu) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"cpu={cpu}");
}

public sealed record FailAllocArgs(int Nth) : StepArgs;

public sealed record FailFsArgs(FsCall Call, int Nth, int Error) : StepArgs;

/// <summary>mon_ctx_alloc, mon_ctx_free: the event (enum resctrl_event_id).</summary>
public sealed record MonEventArgs(int Event) : StepArgs;

public sealed record RmidReadArgs(int DomainId, int Closid, int Rmid, int Event) : StepArgs;

public sealed record GetResourceArgs(uint Level) : StepArgs;

/// <summary>One CPU of a write to a group's cpus file: the group's closid and rmid become that CPU's defaults.</summary>
public sealed record CpusWriteArgs(int Cpu, int Closid, int Rmid) : StepArgs;

/// <summary>A task (0: current) written to a group's tasks file: the group's closid and rmid.</summary>
public sealed record TaskWriteArgs(int Task, int Closid, int Rmid) : StepArgs;

/// <summary>Whether a task is in a group: its closid, and its rmid when <see cref="Rmid"/> is not <see cref="ClosidOnly"/>.</summary>
public sealed record TaskMatchArgs(int Task, int Closid, int Rmid) : StepArgs
{
    public const int ClosidOnly = -1;
}
