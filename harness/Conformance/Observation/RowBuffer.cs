namespace Conformance.Observation;

/// <summary>
/// A reusable list of structs: grows when it must, never shrinks, so a warmed-up
/// buffer adds and clears without allocating.
/// </summary>
public sealed class RowBuffer<T> where T : struct
{
    private T[] _items;

    public RowBuffer(int capacity = 8) => _items = new T[Math.Max(1, capacity)];

    public int Count { get; private set; }

    public ref T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index));
            return ref _items[index];
        }
    }

    public ReadOnlySpan<T> AsSpan() => _items.AsSpan(0, Count);

    /// <summary>The rows from <paramref name="from"/> on, to rewrite in place.</summary>
    public Span<T> Rows(int from) => _items.AsSpan(from, Count - from);

    /// <summary>Appends a default row and returns it for filling in place.</summary>
    public ref T Add()
    {
        if (Count == _items.Length)
            Array.Resize(ref _items, _items.Length * 2);
        _items[Count] = default;
        return ref _items[Count++];
    }

    public void Add(in T item) => Add() = item;

    /// <summary>Inserts a default row at <paramref name="index"/> (the rows from there move up one) and returns it for filling in place.</summary>
    public ref T Insert(int index)
    {
        if ((uint)index > (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index));
        if (Count == _items.Length)
            Array.Resize(ref _items, _items.Length * 2);
        Array.Copy(_items, index, _items, index + 1, Count - index);
        Count++;
        _items[index] = default;
        return ref _items[index];
    }

    /// <summary>Removes the row at <paramref name="index"/>; the rows after it move down one.</summary>
    public void RemoveAt(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index));
        Array.Copy(_items, index + 1, _items, index, Count - index - 1);
        Count--;
    }

    public void Clear() => Count = 0;

    /// <summary>
    /// The <paramref name="remove"/> rows at <paramref name="index"/> replaced by <paramref name="insert"/>
    /// rows (contents unspecified), returned for filling; the rows after them move.
    /// </summary>
    public Span<T> Splice(int index, int remove, int insert)
    {
        if ((uint)index > (uint)Count || (uint)remove > (uint)(Count - index) || insert < 0)
            throw new ArgumentOutOfRangeException(nameof(remove), $"rows [{index}, {index + remove}) of {Count}");
        int count = Count - remove + insert;
        if (count > _items.Length)
            Array.Resize(ref _items, Math.Max(count, _items.Length * 2));
        if (remove != insert)
            _items.AsSpan(index + remove, Count - index - remove).CopyTo(_items.AsSpan(index + insert));
        Count = count;
        return _items.AsSpan(index, insert);
    }

    /// <summary>Room for <paramref name="count"/> rows, then exactly that many (contents unspecified); for bulk copies.</summary>
    public Span<T> Resize(int count)
    {
        if (count > _items.Length)
            Array.Resize(ref _items, Math.Max(count, _items.Length * 2));
        Count = count;
        return _items.AsSpan(0, count);
    }
}
