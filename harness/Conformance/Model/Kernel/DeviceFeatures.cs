namespace Conformance.Model;

/// <summary>
/// The MPAM features a revision knows: its mpam_internal.h's enum mpam_device_features, in
/// enum order (bit n is the nth name), without the mpam_feat_ prefix. Read from the revision's
/// own header, so a revision that adds or reorders features is described in its own terms. A
/// revision without such a header (a patch, like the seed) has none.
/// </summary>
public static class DeviceFeatures
{
    public const string EnumHead = "enum mpam_device_features {";
    private const string Prefix = "mpam_feat_";
    private const string Last = "MPAM_FEATURE_LAST";

    public static IReadOnlyList<string> Parse(IReadOnlyList<string> header)
    {
        int start = -1;
        for (int i = 0; i < header.Count; i++)
            if (header[i].Trim() == EnumHead)
            {
                start = i + 1;
                break;
            }
        if (start < 0)
            return [];
        var names = new List<string>();
        for (int i = start; i < header.Count && !header[i].TrimStart().StartsWith('}'); i++)
        {
            var entry = header[i].Split("/*")[0].Split("//")[0].Trim().TrimEnd(',').Trim();
            if (entry.Length == 0)
                continue;
            if (entry == Last || entry.Contains('='))
                break;   // the count, or an explicit value this reader does not follow
            names.Add(entry.StartsWith(Prefix, StringComparison.Ordinal) ? entry[Prefix.Length..] : entry);
        }
        return names;
    }

    /// <summary>The features of the revision extracted into <paramref name="sourceDirectory"/>.</summary>
    public static IReadOnlyList<string> Of(string sourceDirectory)
    {
        var header = Path.Combine(sourceDirectory, "drivers", "resctrl", "mpam_internal.h");
        return File.Exists(header) ? Parse(File.ReadAllLines(header)) : [];
    }
}
