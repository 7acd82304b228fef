using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.Results;

namespace Conformance.Lockstep.Isolation;

/// <summary>
/// The worker's stdout protocol: one line per finished scenario, tagged so that anything the
/// native code prints on the same stdout is told apart and ignored.
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

    public static string ResultLine(ScenarioResult result) => ResultTag + JsonSerializer.Serialize(result, Options);

    public static ScenarioResult? TryParseResult(string line) =>
        line.StartsWith(ResultTag, StringComparison.Ordinal)
            ? JsonSerializer.Deserialize<ScenarioResult>(line.AsSpan(ResultTag.Length), Options)
            : null;
}
