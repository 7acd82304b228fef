using System.Text;

namespace Conformance.Observation;

/// <summary>
/// Turns the NUL-terminated UTF-8 names the C side reports (WARN site functions and
/// conditions, rule-report functions) into strings, allocating only the first time a name is
/// seen, so that an adapter filling a snapshot every step stays allocation-free.
/// </summary>
/// <remarks>
/// A name found moves to the front: the names of a report that repeats step after step (a
/// walk reported at every callback) are found at the first or second look.
/// </remarks>
public sealed class Utf8Interner
{
    private readonly List<(byte[] Bytes, string Text)> _known = [];

    public string Intern(ReadOnlySpan<byte> nulTerminated)
    {
        int end = nulTerminated.IndexOf((byte)0);
        var bytes = end < 0 ? nulTerminated : nulTerminated[..end];
        for (int i = 0; i < _known.Count; i++)
        {
            var (known, text) = _known[i];
            if (!bytes.SequenceEqual(known))
                continue;
            if (i > 0)
            {
                _known.RemoveAt(i);
                _known.Insert(0, (known, text));
            }
            return text;
        }
        var added = Encoding.UTF8.GetString(bytes);
        _known.Insert(0, (bytes.ToArray(), added));
        return added;
    }
}
