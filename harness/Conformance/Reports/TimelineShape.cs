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
