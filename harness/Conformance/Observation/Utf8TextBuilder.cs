using System.Buffers;
using System.Globalization;
using System.Text;

namespace Conformance.Observation;

/// <summary>
/// Text built as UTF-8 in a reusable byte buffer. The canonical texts a recorded step writes
/// (domains, cpulists, counters) go to the step log as bytes: a string is made only where a
/// report keeps the text, and a step log of ten million rows makes none.
/// </summary>
public sealed class Utf8TextBuilder(int capacity = 256)
{
    private byte[] _bytes = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public Utf8TextBuilder Clear()
    {
        Length = 0;
        return this;
    }

    /// <summary>One ASCII character (every separator of the canonical texts is one).</summary>
    public Utf8TextBuilder Append(char ascii)
    {
        Room(1)[0] = (byte)ascii;
        Length++;
        return this;
    }

    public Utf8TextBuilder Append(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Room(utf8.Length));
        Length += utf8.Length;
        return this;
    }

    public Utf8TextBuilder Append(string text)
    {
        // Names and keys are ASCII: copied a vector at a time, the general encoder only past that.
        if (Ascii.FromUtf16(text, Room(text.Length), out int written) == OperationStatus.Done)
            Length += written;
        else
            Length += Encoding.UTF8.GetBytes(text, Room(Encoding.UTF8.GetMaxByteCount(text.Length)));
        return this;
    }

    public Utf8TextBuilder Append(int value)
    {
        Length += WriteDecimal(Room(MaxIntBytes), value);
        return this;
    }

    /// <summary>A counter's value: the step log's counters column is a line of them.</summary>
    public Utf8TextBuilder Append(ulong value)
    {
        if (value <= int.MaxValue)
            return Append((int)value);
        value.TryFormat(Room(MaxUlongBytes), out int written, default, CultureInfo.InvariantCulture);
        Length += written;
        return this;
    }

    /// <summary>Room for <paramref name="bytes"/> more, written by the caller and then passed with <see cref="Advance"/>.</summary>
    public Span<byte> Reserve(int bytes) => Room(bytes);

    public void Advance(int bytes) => Length += bytes;

    /// <summary>The <paramref name="length"/> bytes at <paramref name="start"/> replaced by <paramref name="with"/>; what follows moves.</summary>
    public void Replace(int start, int length, ReadOnlySpan<byte> with)
    {
        int tail = Length - start - length;
        if (with.Length > length)
            Room(with.Length - length);
        _bytes.AsSpan(start + length, tail).CopyTo(_bytes.AsSpan(start + with.Length, tail));
        with.CopyTo(_bytes.AsSpan(start));
        Length += with.Length - length;
    }

    /// <summary>A number in decimal at the start of <paramref name="into"/> (room for <see cref="MaxIntBytes"/>): the bytes written.</summary>
    public static int WriteDecimal(Span<byte> into, int value)
    {
        // CPU numbers and domain ids: a cpulist of a fragmented mask is mostly numbers, and the
        // general formatter costs more than the digits.
        if ((uint)value < 10000)
        {
            int digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : 4;
            for (int i = digits - 1; i >= 0; i--, value /= 10)
                into[i] = (byte)('0' + value % 10);
            return digits;
        }
        value.TryFormat(into, out int written, default, CultureInfo.InvariantCulture);
        return written;
    }

    public override string ToString() => Encoding.UTF8.GetString(Span);

    /// <summary>The longest int in decimal: "-2147483648".</summary>
    public const int MaxIntBytes = 11;

    // "18446744073709551615".
    private const int MaxUlongBytes = 20;

    private Span<byte> Room(int bytes)
    {
        if (_bytes.Length - Length < bytes)
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + bytes));
        return _bytes.AsSpan(Length);
    }

    [ThreadStatic] private static Utf8TextBuilder? _cached;

    /// <summary>This thread's builder, empty (a new one when it is already in use).</summary>
    public static Utf8TextBuilder Acquire()
    {
        var builder = _cached ?? new Utf8TextBuilder();
        _cached = null;
        return builder.Clear();
    }

    /// <summary>The text, and the builder back for the next (a builder grown huge is let go).</summary>
    public static string Release(Utf8TextBuilder builder)
    {
        var text = builder.ToString();
        if (builder._bytes.Length <= 64 * 1024)
            _cached = builder;
        return text;
    }
}
