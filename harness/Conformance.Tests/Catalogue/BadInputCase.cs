namespace Conformance.Tests.Catalogue;

/// <summary>
/// One entry of the catalogue: how to set up its folder, the command line (where <c>{d}</c> is
/// the case's folder and <c>{seed}</c> the seed patch), the exit code it must give, the text
/// its message must hold (the file, the line, what was expected), and which new paths a case
/// that succeeds may create. Everything else in the folder must be as it was.
/// </summary>
public sealed record BadInputCase(
    string Name,
    Func<CaseFolder, string[]> Setup,
    int Exit,
    string[] MessageHolds,
    string[]? MayCreate = null,
    string? Environment = null)
{
    public override string ToString() => Name;
}
