namespace Conformance.Observation;

/// <summary>
/// A text form (cpulist, canonical domain text, event list, rc) that does not parse.
/// <see cref="Offset"/> is the character index in the parsed text where it went wrong, so a
/// vector reader can turn it into a column; <see cref="Expected"/> says what would have been valid.
/// </summary>
public sealed class TextFormatException(int offset, string expected)
    : FormatException($"at offset {offset}: expected {expected}")
{
    public int Offset { get; } = offset;

    public string Expected { get; } = expected;
}
