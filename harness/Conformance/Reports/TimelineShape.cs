using Conformance.Observation;
using Conformance.Results;

namespace Conformance.Reports;

/// <summary>
/// What a scenario's timeline in report.html draws: the resources (a table each), the CPUs ever
/// in a domain on either side (a row each, every <see cref="Stride"/>-th past the row limit) and
/// the steps (a column each), so what it costs before it is drawn.
/// </summary>
public sealed record TimelineShape(IReadOnlyList<int> Rids, int CpusEver, IReadOnlyList<int> Drawn, int Stride, int Steps)
{
    public long Cells => (long)Steps * Drawn.Count * Rids.Count;

    /// <param name="steps">The steps drawn (the platform's left out).</param>
    public static TimelineShape Of(IReadOnlyList<StepRecord> steps, ResourceProfile profile, int maxRows)
    {
        var rids = new SortedSet<int>();
        ulong[] cpus = [];
        string? last = null;
        foreach (var step in steps)
            foreach (var text in new[] { step.Reference.Domains, step.Model.Domains })
            {
                if (text == last)                                   // the model's text where the sides agree, a step that changed no domain
                    continue;
                last = text;
                if (TimelineMembership.Parse(text, profile) is not { } listing)
                    continue;
                foreach (var resource in listing.Resources)
                {
                    rids.Add(resource.Rid);
                    foreach (var domain in resource.Domains)
                    {
                        if (cpus.Length < domain.Mask.Length)
                            Array.Resize(ref cpus, domain.Mask.Length);
                        for (int w = 0; w < domain.Mask.Length; w++)
                            cpus[w] |= domain.Mask[w];
                    }
                }
            }
        var ever = new List<int>();
        for (int cpu = CpuMaskBits.Next(cpus, 0); cpu >= 0; cpu = CpuMaskBits.Next(cpus, cpu + 1))
            ever.Add(cpu);
        int stride = Math.Max(1, (ever.Count + maxRows - 1) / maxRows);
        return new([.. rids], ever.Count, ever.Where((_, i) => i % stride == 0).ToList(), stride, steps.Count);
    }
}

/// <summary>
/// How many timeline cells report.html draws in all, and whose: a run of a few hundred scenarios
/// of hundreds of steps over 64 CPUs made a page of 270 MB that took seconds to write and that no
/// browser opens. Failed scenarios are drawn first, then the others, each in run order, while
/// their cells fit; a scenario left out says so, and steps.csv has its steps.
/// </summary>
public static class TimelineBudget
{
    public const long Cells = 250_000;

    /// <summary>Whether each shown scenario's timeline is drawn, in the order of <paramref name="shown"/>.</summary>
    public static bool[] Grant(IReadOnlyList<(bool Failed, long Cells)> shown, long budget = Cells)
    {
        var granted = new bool[shown.Count];
        foreach (bool failedPass in new[] { true, false })
            for (int i = 0; i < shown.Count; i++)
                if (shown[i].Failed == failedPass && shown[i].Cells <= budget)
                {
                    granted[i] = true;
                    budget -= shown[i].Cells;
                }
        return granted;
    }
}

/// <summary>Which domain each CPU is in after one step on one side, per resource, from its canonical domain text.</summary>
public sealed class TimelineMembership
{
    // Per resource listed: each CPU's domain id by CPU number, or null for none (an array as long as the masks' bits).
    private readonly Dictionary<int, int?[]> _domains = [];

    public int? DomainOf(int rid, int cpu) => _domains.TryGetValue(rid, out var ids) && cpu < ids.Length ? ids[cpu] : null;

    public static TimelineMembership Of(string domainText, ResourceProfile profile)
    {
        var m = new TimelineMembership();
        if (Parse(domainText, profile) is not { } listing)
            return m;                                               // a side that died has no state to draw
        foreach (var resource in listing.Resources)
        {
            var ids = new int?[resource.Domains.Count == 0 ? 0 : resource.Domains.Max(d => d.Mask.Length) * 64];
            foreach (var domain in resource.Domains)
                for (int cpu = CpuMaskBits.Next(domain.Mask, 0); cpu >= 0; cpu = CpuMaskBits.Next(domain.Mask, cpu + 1))
                    ids[cpu] = domain.Id;
            _ = m._domains.TryAdd(resource.Rid, ids);
        }
        return m;
    }

    /// <summary>The listing of a side's domain text, or null for a text that is not one (a side that died).</summary>
    public static DomainListing? Parse(string domainText, ResourceProfile profile)
    {
        try { return DomainListing.Parse(domainText, profile); }
        catch (TextFormatException) { return null; }
    }
}
