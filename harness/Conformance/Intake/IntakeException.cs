namespace Conformance.Intake;

/// <summary>
/// Bad input to the intake: the file, the 1-based line (0 when the whole file is meant) and
/// what was expected there. Maps to exit code 2; nothing is written when it is thrown.
/// </summary>
public sealed class IntakeException(string file, int line, string expected)
    : Exception(line > 0 ? $"{file}:{line}: expected {expected}" : $"{file}: expected {expected}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Expected { get; } = expected;
}
