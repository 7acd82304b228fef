using System.IO.Compression;
using System.Text;
using MimeKit;

namespace Conformance.Intake;

/// <summary>
/// One text a patch may be in: a whole file (a diff, a reply as text), or one part of one mail.
/// <see cref="Origin"/> is what an error names as the file; a part whose body was transfer-decoded
/// (quoted-printable, base64) or transcoded from another charset says so, and its line numbers
/// count the decoded lines. Otherwise line numbers are the input's own.
/// </summary>
/// <param name="Message">Which message of the input it is part of (1-based; 0 for a file that is no mail).</param>
public sealed record PatchDocument(string Origin, int Message, string? Subject, int SubjectLine, IReadOnlyList<SourceLine> Lines);

/// <summary>What the input was, and the documents in it in input order (a series' messages are ordered by the caller).</summary>
public sealed record MailContents(string Form, bool IsMail, IReadOnlyList<PatchDocument> Documents);

/// <summary>
/// Patch input as it arrives: gzip-compressed or not; an mbox (git format-patch, b4 am, a mail
/// client's export) or one message, read with MimeKit (MIME structure, quoted-printable and base64
/// bodies, RFC 2047 subjects, charsets, a patch inline or attached); a mailing-list archive page
/// saved as HTML (pipermail, lore: the message is the page's &lt;pre&gt; text); or plain text.
/// Everything about patches (diffs, quoting) is read from the documents afterwards.
/// </summary>
public static class MailInput
{
    public static MailContents Read(string file, byte[] bytes, long cap)
    {
        string compressed = "";
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            bytes = Gunzip(file, bytes, cap);
            compressed = "gzip-compressed ";
        }
        if (HtmlPage.Is(bytes))
            return new MailContents(compressed + "archive page (HTML)", false, [HtmlPage.Text(file, bytes)]);
        var text = PatchText.Decode(bytes);
        if (text.StartsWith("From ", StringComparison.Ordinal))
            return new MailContents(compressed + "mbox", true, Messages(file, bytes, MimeFormat.Mbox));
        if (LooksLikeAMessage(text))
            return new MailContents(compressed + "mail message", true, Messages(file, bytes, MimeFormat.Entity));
        return new MailContents(compressed + "text", false, [new PatchDocument(file, 0, null, 0, Numbered(WithoutLastNewline(PatchText.Lines(text)), 1))]);
    }

    private static byte[] Gunzip(string file, byte[] bytes, long cap)
    {
        byte[] text;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            text = FileSystem.InputFile.Read(gzip, $"{file} (decompressed)", cap);
        }
        catch (InvalidDataException e)
        {
            throw new IntakeException(file, 0, $"a whole gzip stream (it starts like one): {e.Message}");
        }
        if (!EndsWithItsTrailer(bytes, text.Length))
            throw new IntakeException(file, 0, "a whole gzip stream (it starts like one), but it is cut short: " +
                                               $"its last bytes are no gzip trailer for the {text.Length} bytes it holds (a download or copy that stopped early?)");
        return text;
    }

    // .NET's GZipStream ends a stream that was cut short as if it were whole, so a series mbox
    // cut between two messages would lose the later patches without a word. A whole file ends
    // with its last member's length (mod 2^32); cut anywhere, its last four bytes are compressed
    // data or part of the trailer's CRC, almost never a number no larger than what it held
    // (concatenated members, as `cat a.gz b.gz` makes, end with the last one's length).
    private static bool EndsWithItsTrailer(byte[] bytes, long decompressed) =>
        bytes.Length >= 18 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)) <= (ulong)decompressed;

    // A message saved on its own starts with its header block: "Name: value" lines, one of them
    // a header every mail has, before the first empty line.
    private static bool LooksLikeAMessage(string text)
    {
        bool mailHeader = false;
        foreach (var line in PatchText.Lines(text).Take(200))
        {
            if (line.Length == 0)
                return mailHeader;
            if (line[0] is ' ' or '\t')
                continue;                                           // a folded header
            int colon = line.IndexOf(':');
            if (colon <= 0 || line[..colon].Any(c => c <= ' ' || c > '~'))
                return false;
            mailHeader |= line[..colon].ToLowerInvariant() is "from" or "subject" or "message-id" or "date" or "mime-version";
        }
        return false;
    }

    private static List<PatchDocument> Messages(string file, byte[] bytes, MimeFormat format)
    {
        var documents = new List<PatchDocument>();
        var lineStarts = LineStarts(bytes);
        var bodyStart = new Dictionary<MimeEntity, long>(ReferenceEqualityComparer.Instance);
        long messageStart = 0;
        using var stream = new MemoryStream(bytes, writable: false);
        var parser = new MimeParser(stream, format);
        parser.MimeMessageBegin += (_, e) => messageStart = e.BeginOffset;
        parser.MimeEntityEnd += (_, e) => bodyStart[e.Entity] = e.HeadersEndOffset;
        int index = 0;
        try
        {
            while (!parser.IsEndOfStream)
            {
                var message = parser.ParseMessage();
                index++;
                int subjectLine = SubjectLine(bytes, lineStarts, messageStart);
                string name = format == MimeFormat.Mbox ? $"{file} (message {index})" : file;
                foreach (var part in message.BodyParts.OfType<MimePart>().Where(CarriesText))
                    documents.Add(Document(name, index, message.Subject, subjectLine, part, bodyStart.GetValueOrDefault(part, -1), lineStarts));
                if (format != MimeFormat.Mbox)
                    break;
            }
        }
        catch (FormatException e)
        {
            throw new IntakeException(file, 0, $"a mail message or mbox that MimeKit can parse: {e.Message}");
        }
        return documents;
    }

    // Text a patch can be in: a text part (inline, or attached as text/x-patch or text/x-diff),
    // or an attachment whose name says it is a patch, whatever its declared type.
    private static bool CarriesText(MimePart part) =>
        (part is TextPart text && !text.IsHtml)
        || (part.FileName is { } name && (name.EndsWith(".patch", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".diff", StringComparison.OrdinalIgnoreCase)));

    private static PatchDocument Document(string name, int message, string? subject, int subjectLine, MimePart part, long bodyOffset, List<long> lineStarts)
    {
        using var decoded = new MemoryStream();
        part.Content?.DecodeTo(decoded);
        var bytes = decoded.ToArray();
        var notes = new List<string>();
        if (part.ContentTransferEncoding is ContentEncoding.QuotedPrintable or ContentEncoding.Base64 or ContentEncoding.UUEncode)
            notes.Add($"{Encoding(part.ContentTransferEncoding)} body");
        // The kernel's text is UTF-8: a part in another charset is turned back into UTF-8 bytes
        // (which is what its blob id was computed over).
        if (part is TextPart text && text.ContentType.Charset is { } charset && !IsUtf8OrAscii(charset))
        {
            try
            {
                bytes = System.Text.Encoding.UTF8.GetBytes(text.GetText(charset));
                notes.Add($"{charset} text read as UTF-8");
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                throw new IntakeException(name, 0, $"a body in a charset .NET knows, got '{charset}'");
            }
        }
        var lines = WithoutLastNewline(PatchText.Lines(PatchText.Decode(bytes)));
        bool sameLines = notes.Count == 0 && bodyOffset >= 0;
        int first = sameLines ? LineOf(lineStarts, bodyOffset) : 1;
        string origin = notes.Count == 0 ? name
            : $"{name}, the {string.Join(", ", notes)} of the part at line {LineOf(lineStarts, Math.Max(0, bodyOffset))}";
        return new PatchDocument(origin, message, subject, subjectLine, Numbered(lines, first));
    }

    private static string Encoding(ContentEncoding e) => e switch
    {
        ContentEncoding.QuotedPrintable => "quoted-printable",
        ContentEncoding.Base64 => "base64",
        _ => "uuencoded",
    };

    private static bool IsUtf8OrAscii(string charset) =>
        charset.Replace("-", "").ToLowerInvariant() is "utf8" or "usascii" or "ascii";

    // A text's last newline ends its last line; it does not start an empty one.
    internal static List<string> WithoutLastNewline(List<string> lines)
    {
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    private static List<SourceLine> Numbered(IReadOnlyList<string> lines, int first) =>
        lines.Select((l, i) => new SourceLine(l, first + i)).ToList();

    // The Subject header's line, counted from the message's start; 0 when it has none.
    private static int SubjectLine(byte[] bytes, List<long> lineStarts, long messageStart)
    {
        int line = LineOf(lineStarts, messageStart);
        for (; line <= lineStarts.Count; line++)
        {
            long at = lineStarts[line - 1];
            if (at >= bytes.Length || bytes[at] == (byte)'\n' || bytes[at] == (byte)'\r')
                return 0;                                           // the end of the header block
            if (at + 8 <= bytes.Length && PatchText.Decode(bytes[(int)at..(int)(at + 8)]).Equals("Subject:", StringComparison.OrdinalIgnoreCase))
                return line;
        }
        return 0;
    }

    private static List<long> LineStarts(byte[] bytes)
    {
        var starts = new List<long> { 0 };
        for (int i = 0; i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n')
                starts.Add(i + 1);
        return starts;
    }

    // 1-based line of a byte offset.
    private static int LineOf(List<long> lineStarts, long offset)
    {
        int index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
