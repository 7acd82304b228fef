using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// One live allocation: a stable token (never an address), the node asked for, the allocating
/// function and call, and the resource it is for (-1 when it is for none).
/// </summary>
public readonly record struct LiveAllocation(long Token, int Node, string Site, int Rid, string Call, uint Gfp, uint Size);

/// <summary>
/// kzalloc_node() / kfree() as the stand-ins count them: every allocation, every free, what
/// is still live (a leak is an allocation never freed), double and foreign frees, and the
/// injected failure of the nth allocation from now.
/// </summary>
public sealed class AllocationLedger
{
    private readonly Dictionary<long, LiveAllocation> _live = [];
    private long _nextToken;
    // The token of each free since reset, in the order freed: FreesTotal of them.
    private readonly List<long> _freed = [];

    // Whether each token since reset is live, by token: asked for every listed domain of every
    // snapshot (the glue reads a list up to a freed node), so it is an index, not a hash lookup.
    // Token 0 is the failed allocation; tokens past the last are not live.
    private bool[] _liveByToken = new bool[64];
    private int _failCountdown;

    public ulong AllocsTotal { get; private set; }
    public ulong FreesTotal { get; private set; }
    public uint AllocFailures { get; private set; }
    public uint DoubleFrees { get; private set; }
    public uint ForeignFrees { get; private set; }
    public int Live => _live.Count;

    public IEnumerable<LiveAllocation> LiveAllocations => _live.Values.OrderBy(a => a.Token);

    /// <summary>The live allocations made after token <paramref name="after"/>, oldest first: a walk of those tokens, not of all.</summary>
    public IEnumerable<LiveAllocation> LiveAfter(long after)
    {
        for (long token = Math.Max(after, 0) + 1; token <= _nextToken; token++)
            if (_live.TryGetValue(token, out var live))
                yield return live;
    }

    /// <summary>The tokens freed after the first <paramref name="after"/> frees, in the order freed.</summary>
    public IReadOnlyList<long> FreedAfter(long after) =>
        after >= _freed.Count ? [] : _freed.GetRange((int)Math.Max(after, 0), _freed.Count - (int)Math.Max(after, 0));

    public void Reset()
    {
        _live.Clear();
        _freed.Clear();
        Array.Clear(_liveByToken, 0, (int)Math.Min(_nextToken + 1, _liveByToken.Length));
        _nextToken = 0;
        _failCountdown = 0;
        AllocsTotal = FreesTotal = 0;
        Fingerprint = 0;
        AllocFailures = DoubleFrees = ForeignFrees = 0;
    }

    /// <summary>Fail the nth allocation from now (1 = the next); 0 disarms.</summary>
    public void FailNth(int nth) => _failCountdown = nth;

    /// <summary>GFP_KERNEL, and what kzalloc*() add to the caller's flags: the stand-ins' values.</summary>
    public const uint GfpKernel = 0x0cc0, GfpZero = 0x100;

    /// <summary>XOR of <see cref="Mix"/> over the live allocations: compared with the C ledger's every step.</summary>
    public ulong Fingerprint { get; private set; }

    /// <summary>One allocation's share of the fingerprint, as the stand-ins compute it.</summary>
    public static ulong Mix(long token, int node, uint gfp, uint size)
    {
        ulong x = unchecked((ulong)token * 0x9e3779b97f4a7c15UL) ^ ((ulong)(uint)node << 32) ^ gfp ^ ((ulong)size << 13);
        x ^= x >> 30;
        x = unchecked(x * 0xbf58476d1ce4e5b9UL);
        x ^= x >> 27;
        x = unchecked(x * 0x94d049bb133111ebUL);
        return x ^ (x >> 31);
    }

    /// <summary>A token for the new allocation, or 0 when this one is the injected failure (kzalloc_node returned NULL).</summary>
    public long Allocate(int node, string site, uint size, int rid = -1, string call = "kzalloc_node(", uint gfp = GfpKernel | GfpZero)
    {
        if (_failCountdown > 0 && --_failCountdown == 0)
        {
            AllocFailures++;
            return 0;
        }
        long token = ++_nextToken;
        _live.Add(token, new LiveAllocation(token, node, site, rid, call, gfp, size));
        if (token >= _liveByToken.Length)
            Array.Resize(ref _liveByToken, _liveByToken.Length * 2);
        _liveByToken[token] = true;
        Fingerprint ^= Mix(token, node, gfp, size);
        AllocsTotal++;
        return token;
    }

    public void Free(long token)
    {
        if (_live.Remove(token, out var freed))
        {
            _liveByToken[(int)token] = false;
            _freed.Add(token);
            FreesTotal++;
            Fingerprint ^= Mix(token, freed.Node, freed.Gfp, freed.Size);
        }
        else if (token > 0 && token <= _nextToken)
            DoubleFrees++;
        else
            ForeignFrees++;
    }

    /// <summary>The live allocation of a token, or null when it is not live.</summary>
    public LiveAllocation? LiveOf(long token) => _live.TryGetValue(token, out var live) ? live : null;

    public bool IsLive(long token) => (ulong)token < (ulong)_liveByToken.Length && _liveByToken[token];

    internal void Fill(ref CounterObservation counters)
    {
        counters.AllocsTotal = AllocsTotal;
        counters.FreesTotal = FreesTotal;
        counters.AllocsLive = (uint)_live.Count;
        counters.AllocFailures = AllocFailures;
        counters.DoubleFrees = DoubleFrees;
        counters.ForeignFrees = ForeignFrees;
        counters.LedgerFingerprint = Fingerprint;
    }
}
