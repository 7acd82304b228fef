namespace Conformance.Observation;

/// <summary>
/// Rows a fill makes again only when its side says what they are read from changed: each fill
/// starts empty with the last fill's rows set aside, and <see cref="Keep"/> takes those back.
/// </summary>
public sealed class KeptRows<T>(int capacity) where T : struct
{
    private RowBuffer<T> _last = new(capacity);

    /// <summary>This fill's rows.</summary>
    public RowBuffer<T> Rows { get; private set; } = new(capacity);

    /// <summary>A new fill: no rows, the last fill's set aside.</summary>
    public void Begin()
    {
        (Rows, _last) = (_last, Rows);
        Rows.Clear();
    }

    /// <summary>This fill's rows are the last fill's. Called before any row of this fill is added.</summary>
    public void Keep(string what)
    {
        if (Rows.Count != 0)
            throw new InvalidOperationException($"{what} were added to this fill before the last fill's were kept");
        (Rows, _last) = (_last, Rows);
    }
}
