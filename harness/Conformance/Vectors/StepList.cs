using System.Collections;
using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>
/// A scenario's steps, kept as its rows: a row of <c>online cpus=0-4095</c> is 4096 steps but
/// one entry here (its CPU ranges), so a scenario of ten million steps costs memory in
/// proportion to its file, not to its steps. A step is made when it is asked for: a struct
/// whose parts are the row's own objects and a shared <see cref="CpuArgs"/>, so asking
/// allocates nothing.
/// </summary>
public sealed class StepList : IReadOnlyList<Step>
{
    // CpuRanges holds (first, last) pairs in order; a range may run down (7-4). RangeStarts holds
    // the step (within the row) each range begins at: the nth CPU of a row of 4096 single CPUs is
    // found by a binary search, not a walk over the ranges before it.
    private readonly record struct Row(int First, int Count, StepOp Op, int Line, string ArgsText, RowExpectations Expect, StepArgs? Args,
        int[]? CpuRanges, int[]? RangeStarts);

    private readonly List<Row> _rows = [];

    public int Count { get; private set; }

    /// <summary>A row that is one step.</summary>
    public void Add(StepOp op, int line, string argsText, RowExpectations expect, StepArgs args) =>
        Append(new Row(Count, 1, op, line, argsText, expect, args, null, null));

    /// <summary>An online/offline row: one step per CPU of <paramref name="items"/>, in written order.</summary>
    public void AddCpus(StepOp op, int line, string argsText, RowExpectations expect, IReadOnlyList<CpuList.Item> items)
    {
        var ranges = new int[items.Count * 2];
        var starts = new int[items.Count];
        int count = 0;
        for (int i = 0; i < items.Count; i++)
        {
            ranges[2 * i] = items[i].First;
            ranges[2 * i + 1] = items[i].Last;
            starts[i] = count;
            count += Math.Abs(items[i].Last - items[i].First) + 1;
        }
        if (count > 0)
            Append(new Row(Count, count, op, line, argsText, expect, null, ranges, starts));
    }

    /// <summary>
    /// The same steps without what their rows expect: what a run's parent keeps of a scenario
    /// (an outline to name the step a worker died in) while the parsed expectations, most of
    /// what a row costs, go with the scenario.
    /// </summary>
    public StepList WithoutExpectations()
    {
        var outline = new StepList();
        outline._rows.Capacity = _rows.Count;
        foreach (var row in _rows)
            outline.Append(row with { Expect = RowExpectations.None });
        return outline;
    }

    /// <summary>Each row's args, a row of CPUs' as null: what a scenario sets up, read without making its steps.</summary>
    public IEnumerable<StepArgs?> RowArgs()
    {
        foreach (var row in _rows)
            yield return row.Args;
    }

    private void Append(Row row)
    {
        _rows.Add(row);
        Count += row.Count;
    }

    public Step this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"a step below {Count}");
            var row = _rows[RowOf(index)];
            int k = index - row.First;
            var args = row.Args ?? CpuArgs.Of(NthCpu(row.CpuRanges!, row.RangeStarts!, k));
            return new Step(row.Op, args, row.Line, row.ArgsText, row.Expect, k == 0, k == row.Count - 1);
        }
    }

    /// <summary>How many steps the row holding step <paramref name="index"/> has (a row of <c>cpus=LIST</c> is a step a CPU).</summary>
    public int RowLengthAt(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"a step below {Count}");
        return _rows[RowOf(index)].Count;
    }

    // The row last found: the lockstep asks for step after step, so the answer is nearly always
    // that row or the next, found without a search. A stale hint (two readers) is only checked.
    private int _hint;

    // The last row whose first step is at or before the index.
    private int RowOf(int index)
    {
        int hint = _hint;
        for (int r = hint; r < _rows.Count && r <= hint + 1; r++)
            if (_rows[r].First <= index && index < _rows[r].First + _rows[r].Count)
                return _hint = r;
        int lo = 0, hi = _rows.Count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_rows[mid].First <= index) lo = mid; else hi = mid - 1;
        }
        return _hint = lo;
    }

    // The range last found, for the same reason as the row: the next step is in it or the next.
    private int _rangeHint;

    private int NthCpu(int[] ranges, int[] starts, int k)
    {
        int i = _rangeHint;
        if (!InRange(starts, i, k) && !InRange(starts, ++i, k))
        {
            i = starts.AsSpan().BinarySearch(k);
            if (i < 0)
                i = ~i - 1;                                         // the last range starting before k
        }
        _rangeHint = i;
        int first = ranges[2 * i], last = ranges[2 * i + 1];
        int offset = k - starts[i];
        return last >= first ? first + offset : first - offset;
    }

    private static bool InRange(int[] starts, int i, int k) =>
        (uint)i < (uint)starts.Length && starts[i] <= k && (i + 1 == starts.Length || k < starts[i + 1]);

    public IEnumerator<Step> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
