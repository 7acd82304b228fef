namespace Conformance.Observation;

/// <summary>
/// The names a resource's filesystem is told (resctrl_res.name), each as a number for the life
/// of the process, 0 for none: a resource row holds the number, so rows are plain bytes that two
/// snapshots compare as bytes, and writing a row stores no reference. A revision names a handful;
/// the same text is the same number on every side and thread.
/// </summary>
internal static class ToldNames
{
    // Only ever replaced whole (under the lock), so a reader scans a complete array.
    private static string[] _names = [""];
    private static readonly Lock Gate = new();

    public static string NameOf(int id) => Volatile.Read(ref _names)[id];

    public static int IdOf(string name)
    {
        var names = Volatile.Read(ref _names);
        // A side gives the same instance fill after fill (interned, or the model's own field).
        for (int i = 0; i < names.Length; i++)
            if (ReferenceEquals(names[i], name))
                return i;
        for (int i = 0; i < names.Length; i++)
            if (string.Equals(names[i], name, StringComparison.Ordinal))
                return i;
        lock (Gate)
        {
            names = _names;
            int known = Array.IndexOf(names, name);
            if (known >= 0)
                return known;
            Volatile.Write(ref _names, [.. names, name]);
            return names.Length;
        }
    }
}
