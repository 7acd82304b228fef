namespace Conformance.Vectors;

/// <summary>
/// The space-separated tokens of an args or counters cell, each with its offset in the cell so
/// that an error can name its column.
/// </summary>
internal static class SpaceTokens
{
    public static IEnumerable<(string Token, int Offset)> Of(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }
            int start = i;
            while (i < text.Length && text[i] != ' ')
                i++;
            yield return (text[start..i], start);
        }
    }
}
