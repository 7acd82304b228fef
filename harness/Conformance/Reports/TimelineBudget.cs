namespace Conformance.Reports;

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
