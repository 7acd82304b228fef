namespace Conformance.Vectors;

/// <summary>
/// The scenarios a worker runs, by their index in the run: [<paramref name="start"/>,
/// <paramref name="end"/>), counting from <paramref name="firstIndex"/> at the first file read.
/// The reader reads every other scenario's rows as CSV (to count it) but does not parse them,
/// and reads no file past the window: a worker with half of a 30,000-scenario suite parsed all of
/// it before. The parent has already read every row and refused any error.
/// </summary>
public sealed class ScenarioWindow(int firstIndex, int start, int end)
{
    private int _next = firstIndex;

    /// <summary>Whether the scenario that begins now is in the window.</summary>
    public bool Next()
    {
        int index = _next++;
        return index >= start && index < end;
    }

    /// <summary>No scenario read from here on is in the window.</summary>
    public bool Past => _next >= end;
}
