using CsvHelper;

namespace Conformance.Vectors;

/// <summary>
/// Reads a vector file's records with CsvHelper (RFC 4180, comma-separated, <c>#</c> comment
/// lines and empty lines skipped, rows of any length) and locates every field in the file.
/// Malformed quoting is reported through the error callback with its line, and the reader goes on.
/// </summary>
public static class CsvRowReader
{
    private static readonly CsvReaderOptions Options = new()
    {
        Separator = ',',
        HasHeader = false,
        Mode = CsvMode.Rfc4180,
        CommentPrefix = '#',
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        TrimWhitespace = false,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MalformedData = CsvMalformedDataHandling.Recover,
        // A scenario's name, an op, an expectation repeat row after row, and a run's parent keeps
        // each step's arguments in its outline: one string each.
        PoolStrings = true,
    };

    public static IEnumerable<CsvRow> Read(SourceText source, Action<int, string> error)
    {
        var options = Options with
        {
            OnMalformedRecord = bad => error((int)bad.LineNumber, bad.Reason switch
            {
                CsvMalformedReason.StrayQuote => "a quote only at the start of a field (quote the whole field and double the quotes inside)",
                CsvMalformedReason.TextAfterClosingQuote => "a comma or the end of the line after a closing quote",
                CsvMalformedReason.UnterminatedQuote => "a closing quote for the quoted field that starts on this line",
                _ => $"well-formed CSV ({bad.Reason})",
            }),
        };
        using var reader = CsvReader.FromText(source.Text, options);
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (int i = 0; i < fields.Length; i++)
                fields[i] = reader.GetString(i);
            int start = source.LineStart((int)reader.LineNumber);
            yield return new CsvRow(fields, start, source);
        }
    }

    /// <summary>Walks the raw record from <paramref name="start"/> the way RFC 4180 splits it.</summary>
    internal static FieldSpan[] LocateFields(string text, int start, int count)
    {
        var spans = new FieldSpan[count];
        int i = start;
        for (int f = 0; f < count; f++)
        {
            int fieldStart = i;
            bool quoted = i < text.Length && text[i] == '"';
            if (quoted)
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                        i += 2;
                    else if (text[i++] == '"')
                        break;
                }
            }
            while (i < text.Length && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                i++;
            spans[f] = new FieldSpan(fieldStart, i, quoted);
            if (i < text.Length && text[i] == ',')
                i++;
        }
        return spans;
    }
}
