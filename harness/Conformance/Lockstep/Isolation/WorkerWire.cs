using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.Results;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// The worker's stdout protocol: one line per finished scenario, tagged so that anything the
/// native code prints on the same stdout is told apart and ignored: the offset its rows end at
/// in the job's step log (-1 without one), then the result as JSON.
/// </summary>
public static class WorkerWire
{
    public const string ResultTag = "@@conformance-result ";
    public const string DoneTag = "@@conformance-done";

    /// <summary>
    /// A request line on the worker's stdin (the others are job paths, absolute): bind this
    /// library, answer its resource enum (<see cref="ReferenceDescription.Tag"/>), then the done tag.
    /// </summary>
    public const string DescribeRequest = "describe ";

    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string ResultLine(ScenarioResult result, long? stepLogEnd) =>
        ResultTag + (stepLogEnd ?? -1).ToString(CultureInfo.InvariantCulture) + " " + JsonSerializer.Serialize(result, Options);

    public static (ScenarioResult Result, long? StepLogEnd)? TryParseResult(string line)
    {
        if (!line.StartsWith(ResultTag, StringComparison.Ordinal))
            return null;
        var rest = line.AsSpan(ResultTag.Length);
        int space = rest.IndexOf(' ');
        if (space < 0 || !long.TryParse(rest[..space], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var end))
            return null;
        var result = JsonSerializer.Deserialize<ScenarioResult>(rest[(space + 1)..], Options);
        return result is null ? null : (result, end < 0 ? null : end);
    }
}
