namespace Conformance.Vectors;

/// <summary>
/// One thing wrong with a vector file, where it is (1-based line and column) and what would
/// have been valid there. The message is the compiler-style <c>file:line:column: expected ...</c>.
/// </summary>
public sealed class VectorFormatException(string file, int line, int column, string expected)
    : Exception(line > 0 ? $"{file}:{line}:{column}: expected {expected}" : $"{file}: expected {expected}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Expected { get; } = expected;
}

/// <summary>Every error found in a set of vector files; thrown only after all of them were read.</summary>
public sealed class VectorLoadException(IReadOnlyList<VectorFormatException> errors)
    : Exception(string.Join(Environment.NewLine, errors.Select(e => e.Message)))
{
    public IReadOnlyList<VectorFormatException> Errors { get; } = errors;
}
