namespace Conformance.Lockstep.Isolation;

/// <summary>The last lines a worker wrote to stderr, bounded: a patch printing in a loop costs no memory.</summary>
public sealed class StderrTail(int keep)
{
    private const int MaxLineLength = 500;
    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line.Length <= MaxLineLength ? line : line[..MaxLineLength] + "...");
            while (_lines.Count > keep)
                _lines.Dequeue();
        }
    }

    /// <summary>The lines kept so far, which are then forgotten.</summary>
    public StderrTail Take()
    {
        var taken = new StderrTail(keep);
        lock (_lines)
        {
            foreach (var line in _lines)
                taken._lines.Enqueue(line);
            _lines.Clear();
        }
        return taken;
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_lines)
            return _lines.Where(l => l.Trim().Length > 0).ToList();
    }
}
