using System.Text.Json;
using Conformance.Intake;

namespace Conformance.Reports;

/// <summary>
/// The JSON files a command writes for a later one to read back (a shard's results for `merge`,
/// bench results for the next bench): written snake_case and indented, read as outside input.
/// </summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>
    /// The file as <typeparamref name="T"/>, or an error naming it: one that does not parse says
    /// its line and <paramref name="writtenAs"/>; one that parses but <paramref name="whole"/>
    /// refuses says <paramref name="expected"/>.
    /// </summary>
    public static T Read<T>(string path, JsonSerializerOptions options, Func<T, bool> whole, string expected, string writtenAs) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(File.ReadAllText(path), options);
            if (value is null || !whole(value))
                throw new IntakeException(path, 0, expected);
            return value;
        }
        catch (JsonException e)
        {
            throw new IntakeException(path, (int)(e.LineNumber ?? 0) + 1, $"{writtenAs} ({e.Message.Split('.')[0]})");
        }
    }
}
