using System.Globalization;
using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>
/// The <c>args</c> cell of a row: space-separated <c>key=value</c>, each key once, only the
/// keys the op knows. Problems are reported at the offset in the cell where they are.
/// </summary>
internal sealed class ArgsCell
{
    private readonly Dictionary<string, (string Value, int Offset, int KeyOffset)> _args = new(StringComparer.Ordinal);
    private readonly Action<int, string> _error;

    public ArgsCell(string text, IReadOnlyCollection<string> known, string op, Action<int, string> error)
    {
        _error = error;
        foreach (var (token, start) in SpaceTokens.Of(text))
        {
            int eq = token.IndexOf('=');
            if (eq <= 0)
            {
                error(start, $"key=value (the args of {op} are {Describe(known)}), got '{token}'");
                continue;
            }
            string key = token[..eq];
            if (!known.Contains(key))
                error(start, known.Count == 0 ? $"no args for {op}, got '{key}'" : $"one of {Describe(known)} for {op}, got '{key}'");
            else if (!_args.TryAdd(key, (token[(eq + 1)..], start + eq + 1, start)))
                error(start, $"'{key}' given once");
        }
    }

    public bool Has(string key) => _args.ContainsKey(key);

    public int OffsetOf(string key) => _args.TryGetValue(key, out var a) ? a.KeyOffset : 0;

    /// <summary>A required decimal integer in [min, max]; null (and an error) when missing or malformed.</summary>
    public long? Integer(string key, long min, long max, long? fallback = null)
    {
        if (!_args.TryGetValue(key, out var arg))
        {
            if (fallback is null)
                _error(0, $"{key}=N (a decimal number from {min} to {max})");
            return fallback;
        }
        if (!long.TryParse(arg.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < min || value > max)
        {
            _error(arg.Offset, $"a decimal number from {min} to {max} for {key}, got '{arg.Value}'");
            return null;
        }
        return value;
    }

    /// <summary>
    /// An optional comma-separated set of words from <paramref name="choices"/>, as a bitmap of
    /// their positions there; empty when absent. Null (and an error at the word) for an unknown one.
    /// </summary>
    public ulong[]? WordSet(string key, IReadOnlyList<string> choices)
    {
        var bits = new ulong[Math.Max(1, (choices.Count + 63) / 64)];
        if (!_args.TryGetValue(key, out var arg) || arg.Value.Length == 0)
            return bits;
        int offset = arg.Offset;
        foreach (var word in arg.Value.Split(','))
        {
            int index = -1;
            for (int i = 0; i < choices.Count; i++)
                if (choices[i] == word)
                    index = i;
            if (index < 0)
            {
                _error(offset, choices.Count == 0
                    ? $"no {key}: this revision names none (its mpam_internal.h has no such enum), got '{word}'"
                    : $"one of {string.Join(", ", choices)} for {key}, got '{word}'");
                return null;
            }
            bits[index / 64] |= 1UL << (index % 64);
            offset += word.Length + 1;
        }
        return bits;
    }

    /// <summary>A required comma-separated list of ID:VALUE pairs (decimal id, decimal or 0x value); null and an error when malformed.</summary>
    public IReadOnlyList<KeyValuePair<int, uint>>? Pairs(string key)
    {
        if (!_args.TryGetValue(key, out var arg))
        {
            _error(0, $"{key}=ID:VALUE,... (a domain id and its value)");
            return null;
        }
        var pairs = new List<KeyValuePair<int, uint>>();
        int offset = arg.Offset;
        foreach (var item in arg.Value.Split(','))
        {
            var parts = item.Split(':');
            bool hex = parts.Length == 2 && parts[1].StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
                || !uint.TryParse(hex ? parts[1][2..] : parts[1], hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                _error(offset, $"ID:VALUE for {key} (a domain id, a colon, a decimal or 0x value), got '{item}'");
                return null;
            }
            pairs.Add(new(id, value));
            offset += item.Length + 1;
        }
        return pairs;
    }

    /// <summary>A required word from a fixed set.</summary>
    public string? Word(string key, IReadOnlyCollection<string> choices, string? fallback = null)
    {
        if (!_args.TryGetValue(key, out var arg))
        {
            if (fallback is null)
                _error(0, $"{key}={string.Join("|", choices)}");
            return fallback;
        }
        if (!choices.Contains(arg.Value))
        {
            _error(arg.Offset, $"one of {string.Join(", ", choices)} for {key}, got '{arg.Value}'");
            return null;
        }
        return arg.Value;
    }

    /// <summary>A negative errno, by name (-ENOMEM) or number (-12).</summary>
    public int? NegativeErrno(string key, int fallback)
    {
        if (!_args.TryGetValue(key, out var arg))
            return fallback;
        try
        {
            int value = RcText.Parse(arg.Value);
            if (value < 0)
                return value;
        }
        catch (TextFormatException)
        {
        }
        _error(arg.Offset, $"a negative errno for {key} (-ENOMEM, -EINVAL, ... or -N), got '{arg.Value}'");
        return null;
    }

    /// <summary>A cpulist, its items with offsets in the cell; empty only where <paramref name="allowEmpty"/>.</summary>
    public (IReadOnlyList<CpuList.Item> Items, int Offset)? CpuItems(string key, bool allowEmpty = false)
    {
        if (!_args.TryGetValue(key, out var arg))
            return null;
        try
        {
            var items = CpuList.ParseItems(arg.Value);
            if (items.Count == 0 && !allowEmpty)
            {
                _error(arg.Offset, $"a non-empty cpulist for {key} (e.g. 0-3,8)");
                return null;
            }
            return (items, arg.Offset);
        }
        catch (TextFormatException e)
        {
            _error(arg.Offset + e.Offset, $"a cpulist for {key} (e.g. 0-3,8): {e.Expected}");
            return null;
        }
    }

    private static string Describe(IReadOnlyCollection<string> known) =>
        known.Count == 0 ? "none" : string.Join(" ", known.Select(k => k + "="));
}
