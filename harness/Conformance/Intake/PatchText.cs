using System.Text;

namespace Conformance.Intake;

/// <summary>
/// How intake holds a patch's bytes as text: Latin-1, one char per byte, so that any byte
/// sequence (UTF-8 or not) survives parsing and applying unchanged, and <see cref="Readable"/>
/// for showing a line in a message as the user's editor would.
/// </summary>
public static class PatchText
{
    public static string Decode(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    public static byte[] Encode(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>
    /// The text split at newlines. A text whose every line ends in CRLF came through a mailer or
    /// an editor that wrote CRLF: those CRs are transport and go. Otherwise a CR is the file's own
    /// byte and stays, so a file with CRs in some lines comes out as it was.
    /// </summary>
    public static List<string> Lines(string text)
    {
        int newlines = 0, crlf = 0;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n')
            {
                newlines++;
                if (i > 0 && text[i - 1] == '\r')
                    crlf++;
            }
        if (newlines > 0 && crlf == newlines)
            text = text.Replace("\r\n", "\n");
        return [.. text.Split('\n')];
    }

    /// <summary>The line as UTF-8 text where it is UTF-8; other bytes as \xNN.</summary>
    public static string Readable(string latin1)
    {
        var bytes = Encode(latin1);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var s = new StringBuilder();
            foreach (var b in bytes)
                s.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
            return s.ToString();
        }
    }
}
