using System.IO.MemoryMappedFiles;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// Where a worker says which scenario and step it is on, so that the supervisor can name
/// the step a crashed or hung reference died in. A small memory-mapped file: the worker
/// stores three longs per step (no syscall, no allocation), the supervisor polls them.
/// </summary>
public sealed unsafe class ProgressBoard : IDisposable
{
    private const int Size = 3 * sizeof(long);
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long* _slots;

    private ProgressBoard(string path)
    {
        _file = MemoryMappedFile.CreateFromFile(path, FileMode.OpenOrCreate, null, Size, MemoryMappedFileAccess.ReadWrite);
        _view = _file.CreateViewAccessor(0, Size);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _slots = (long*)(pointer + _view.PointerOffset);
    }

    public static ProgressBoard Open(string path) => new(path);

    public long Scenario => Volatile.Read(ref _slots[0]);
    public long Step => Volatile.Read(ref _slots[1]);
    /// <summary>Changes on every step: the supervisor's sign of life.</summary>
    public long Heartbeat => Volatile.Read(ref _slots[2]);

    public void BeginScenario(long scenario)
    {
        Volatile.Write(ref _slots[0], scenario);
        Volatile.Write(ref _slots[1], 0);
        Volatile.Write(ref _slots[2], _slots[2] + 1);
    }

    public void BeginStep(long step)
    {
        Volatile.Write(ref _slots[1], step);
        Volatile.Write(ref _slots[2], _slots[2] + 1);
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
