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

    /// <summary>This fill kept the last fill's rows: two sides that agreed then and both kept them agree still.</summary>
    public bool Kept { get; private set; }

    /// <summary>Whether both fills kept their rows since they were last compared equal.</summary>
    public static bool BothKept(KeptRows<T> a, KeptRows<T> b, bool agreedAtLastFill) => agreedAtLastFill && a.Kept && b.Kept;

    /// <summary>A new fill: no rows, the last fill's set aside.</summary>
    public void Begin()
    {
        (Rows, _last) = (_last, Rows);
        Rows.Clear();
        Kept = false;
    }

    /// <summary>This fill's rows are the last fill's. Called before any row of this fill is added.</summary>
    public void Keep(string what)
    {
        if (Rows.Count != 0)
            throw new InvalidOperationException($"{what} were added to this fill before the last fill's were kept");
        (Rows, _last) = (_last, Rows);
        Kept = true;
    }
}
