using System.Globalization;

namespace Conformance.Bench;

/// <summary>
/// The one-minute load average as Linux gives it (the first field of /proc/loadavg): about how
/// many tasks wanted a CPU over the last minute. Beside a bench's results it says whether the
/// machine was busy with other work while they were taken.
/// </summary>
public static class LoadAverage
{
    /// <summary>The load average read from <paramref name="path"/>; null where there is none to read.</summary>
    public static double? Now(string path = "/proc/loadavg")
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var first = text.Split(' ', 2)[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) && load >= 0 ? load : null;
    }
}
