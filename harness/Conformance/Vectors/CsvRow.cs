namespace Conformance.Vectors;

/// <summary>
/// A CSV record with, for every field, where it starts in the file and how its raw text maps
/// to its value (quotes and doubled quotes shift positions), so that an error in the middle of
/// a field points at the right column.
/// </summary>
public sealed class CsvRow(string[] fields, int start, SourceText source)
{
    public int Count => fields.Length;

    public string this[int index] => index < fields.Length ? fields[index] : "";

    /// <summary>Line of the record's first character.</summary>
    public int Line => _line ??= fields.Length > 0 ? source.LineOf(start) : 0;

    private int? _line;

    // Where each field is in the file: found only for a row an error is reported in (every row's
    // were 12% of what reading 30,000 scenarios allocated).
    private FieldSpan[] Spans => _spans ??= CsvRowReader.LocateFields(source.Text, start, fields.Length);

    private FieldSpan[]? _spans;

    /// <summary>(line, column) of the character at <paramref name="offset"/> in field <paramref name="index"/>'s value.</summary>
    public (int Line, int Column) At(int index, int offset = 0)
    {
        var spans = Spans;
        if (index >= spans.Length)
        {
            // A field the row left out: point just past the row's last field.
            var last = spans[^1];
            return source.Position(last.End);
        }
        var span = spans[index];
        if (!span.Quoted)
            return source.Position(span.Start + Math.Min(offset, span.End - span.Start));
        int raw = span.Start + 1;
        for (int v = 0; v < offset && raw < span.End; v++)
            raw += source.Text[raw] == '"' ? 2 : 1;
        return source.Position(raw);
    }
}

/// <summary>Raw extent of one field: [Start, End) in the file's text, and whether it was quoted.</summary>
public readonly record struct FieldSpan(int Start, int End, bool Quoted);

/// <summary>A file's text with a line index, to turn offsets into 1-based lines and columns.</summary>
public sealed class SourceText
{
    private readonly List<int> _lineStarts = [0];

    public SourceText(string text)
    {
        Text = text;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n')
                _lineStarts.Add(i + 1);
    }

    public string Text { get; }

    /// <summary>Offset of the first character of 1-based <paramref name="line"/>.</summary>
    public int LineStart(int line) => _lineStarts[Math.Clamp(line, 1, _lineStarts.Count) - 1];

    public int LineOf(int offset)
    {
        int index = _lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    public (int Line, int Column) Position(int offset)
    {
        int line = LineOf(offset);
        return (line, offset - _lineStarts[line - 1] + 1);
    }
}
