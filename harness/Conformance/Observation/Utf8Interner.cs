using System.Text;

namespace Conformance.Observation;

/// <summary>
/// Turns the NUL-terminated UTF-8 names the C side reports (WARN site functions and
/// conditions, rule-report functions) into strings, allocating only the first time a name is
/// seen, so that an adapter filling a snapshot every step stays allocation-free.
/// </summary>
public sealed class Utf8Interner
{
    private readonly List<(byte[] Bytes, string Text)> _known = [];

    public string Intern(ReadOnlySpan<byte> nulTerminated)
    {
        int end = nulTerminated.IndexOf((byte)0);
        var bytes = end < 0 ? nulTerminated : nulTerminated[..end];
        foreach (var (known, text) in _known)
            if (bytes.SequenceEqual(known))
                return text;
        var added = Encoding.UTF8.GetString(bytes);
        _known.Add((bytes.ToArray(), added));
        return added;
    }
}
