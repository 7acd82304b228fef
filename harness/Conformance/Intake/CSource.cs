namespace Conformance.Intake;

/// <summary>What the scanners of a revision's C source share: how a line changes the brace depth.</summary>
public static class CSource
{
    /// <summary>Opening minus closing braces outside strings, character literals and line comments; enough for kernel C.</summary>
    public static int BraceDelta(string line)
    {
        int d = 0;
        bool inString = false, inChar = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (!inString && !inChar && c == '/' && i + 1 < line.Length && line[i + 1] == '/')
                break;
            if (c == '\\') { i++; continue; }
            if (!inChar && c == '"') inString = !inString;
            else if (!inString && c == '\'') inChar = !inChar;
            else if (!inString && !inChar) d += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        return d;
    }
}
