namespace Conformance.Coverage;

/// <summary>Line and branch coverage of the patch's file, with the documented exceptions taken out.</summary>
public sealed record FileCoverage(
    string File,
    string BlobId,
    IReadOnlyList<LineCoverage> Lines,
    IReadOnlyList<CoverageException> Exceptions)
{
    private bool Excepted(int line) => Exceptions.Any(e => e.Covers(BlobId, line));

    public int LinesTotal => Lines.Count(l => !Excepted(l.Line));
    public int LinesHit => Lines.Count(l => !Excepted(l.Line) && l.Count > 0);
    public int BranchesTotal => Lines.Where(l => !Excepted(l.Line)).Sum(l => l.Branches.Count);
    public int BranchesTaken => Lines.Where(l => !Excepted(l.Line)).Sum(l => l.Branches.Count(b => b > 0));

    public IEnumerable<LineCoverage> MissedLines => Lines.Where(l => !Excepted(l.Line) && l.Count == 0);
    public IEnumerable<LineCoverage> LinesWithUntakenBranches => Lines.Where(l => !Excepted(l.Line) && l.Branches.Any(b => b == 0));

    /// <summary>Exceptions that name lines gcov never saw as code: stale, and worth fixing.</summary>
    public IEnumerable<CoverageException> UnusedExceptions =>
        Exceptions.Where(e => BlobId.StartsWith(e.BlobPrefix, StringComparison.Ordinal)
                              && !Lines.Any(l => l.Line >= e.FirstLine && l.Line <= e.LastLine));

    public bool Complete => LinesHit == LinesTotal && BranchesTaken == BranchesTotal;

    public static double Percent(int part, int whole) => whole == 0 ? 100 : 100.0 * part / whole;
}
