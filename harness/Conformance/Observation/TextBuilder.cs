using System.Text;

namespace Conformance.Observation;

/// <summary>
/// One StringBuilder per thread for the canonical text forms: a recorded step formats several
/// (domains, events, counters, online CPUs), and a builder each was most of what it allocated.
/// </summary>
internal static class TextBuilder
{
    [ThreadStatic] private static StringBuilder? _cached;

    public static StringBuilder Acquire()
    {
        var builder = _cached ?? new StringBuilder(256);
        _cached = null;
        return builder.Clear();
    }

    /// <summary>The text, and the builder back for the next (a builder grown huge is let go).</summary>
    public static string Release(StringBuilder builder)
    {
        var text = builder.ToString();
        if (builder.Capacity <= 64 * 1024)
            _cached = builder;
        return text;
    }
}
