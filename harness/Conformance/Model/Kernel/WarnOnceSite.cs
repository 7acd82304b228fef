namespace Conformance.Model;

/// <summary>
/// One WARN_ON_ONCE() call site, known by its function and its condition's source text.
/// The macro evaluates to its condition; every true evaluation is a hit, and only the first
/// hit since reset prints (is "reported").
/// </summary>
public sealed class WarnOnceSite(string function, string condition)
{
    public string Function { get; } = function;
    public string Condition { get; } = condition;
    public uint Hits { get; internal set; }
    public uint Reported { get; internal set; }
    internal uint HitsAtStepStart { get; set; }
}

/// <summary>The WARN sites of the model, and the order in which they were first hit.</summary>
public sealed class WarnLog
{
    private readonly List<WarnOnceSite> _hitOrder = [];

    public IReadOnlyList<WarnOnceSite> SitesInFirstHitOrder => _hitOrder;

    public uint TotalHits { get; private set; }

    /// <summary>The same, for loops that must not allocate an enumerator.</summary>
    internal List<WarnOnceSite> HitOrder => _hitOrder;

    /// <summary>WARN_ON_ONCE(condition): records a hit when true, and returns the condition.</summary>
    public bool WarnOnOnce(WarnOnceSite site, bool condition)
    {
        if (!condition)
            return false;
        if (site.Hits == 0)
            _hitOrder.Add(site);
        site.Hits++;
        TotalHits++;
        if (site.Reported == 0)
            site.Reported = 1;
        return true;
    }

    internal void BeginStep()
    {
        foreach (var site in _hitOrder)
            site.HitsAtStepStart = site.Hits;
    }

    internal void Reset()
    {
        foreach (var site in _hitOrder)
            site.Hits = site.Reported = site.HitsAtStepStart = 0;
        _hitOrder.Clear();
        TotalHits = 0;
    }
}
