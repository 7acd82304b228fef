namespace Conformance.Coverage;

/// <summary>
/// Line and branch coverage of the patch's file, with the documented exceptions taken out. With a
/// <paramref name="Scope"/> (a revision larger than its model), the totals count only the lines of
/// those functions, the ones the model renders: the rest is listed, not required.
/// </summary>
public sealed record FileCoverage(
    string File,
    string BlobId,
    IReadOnlyList<LineCoverage> Lines,
    IReadOnlyList<CoverageException> Exceptions,
    IReadOnlySet<string>? Scope = null)
{
    private bool Excepted(int line) => Exceptions.Any(e => e.Covers(BlobId, line));

    private bool Excepted(LineCoverage l) => Excepted(l.Line) || (Scope is not null && !Scope.Contains(l.Function));

    /// <summary>The lines the totals count: documented exceptions and, with a scope, other functions' lines left out.</summary>
    public IEnumerable<LineCoverage> Counted => Lines.Where(l => !Excepted(l));

    public int LinesTotal => Lines.Count(l => !Excepted(l));
    public int LinesHit => Lines.Count(l => !Excepted(l) && l.Count > 0);
    public int BranchesTotal => Lines.Where(l => !Excepted(l)).Sum(l => l.Branches.Count);
    public int BranchesTaken => Lines.Where(l => !Excepted(l)).Sum(l => l.Branches.Count(b => b > 0));

    public IEnumerable<LineCoverage> MissedLines => Lines.Where(l => !Excepted(l) && l.Count == 0);
    public IEnumerable<LineCoverage> LinesWithUntakenBranches => Lines.Where(l => !Excepted(l) && l.Branches.Any(b => b == 0));

    /// <summary>Exceptions that name lines gcov never saw as code: stale, and worth fixing.</summary>
    public IEnumerable<CoverageException> UnusedExceptions =>
        Exceptions.Where(e => BlobId.StartsWith(e.BlobPrefix, StringComparison.Ordinal)
                              && !Lines.Any(l => l.Line >= e.FirstLine && l.Line <= e.LastLine));

    public bool Complete => LinesHit == LinesTotal && BranchesTaken == BranchesTotal;

    /// <summary>One function's share: its lines and branches, reached and in all (exceptions taken out).</summary>
    public sealed record FunctionCoverage(string Function, int FirstLine, int LinesHit, int LinesTotal, int BranchesTaken, int BranchesTotal)
    {
        public bool Complete => LinesHit == LinesTotal && BranchesTaken == BranchesTotal;
    }

    /// <summary>Every function of the file with code gcov saw, in the file's order (the scope does not apply).</summary>
    public IReadOnlyList<FunctionCoverage> ByFunction() =>
        Lines.Where(l => !Excepted(l.Line) && l.Function.Length > 0)
            .GroupBy(l => l.Function)
            .Select(g => new FunctionCoverage(g.Key, g.Min(l => l.Line), g.Count(l => l.Count > 0), g.Count(),
                g.Sum(l => l.Branches.Count(b => b > 0)), g.Sum(l => l.Branches.Count)))
            .OrderBy(f => f.FirstLine)
            .ToList();

    public static double Percent(int part, int whole) => whole == 0 ? 100 : 100.0 * part / whole;
}
