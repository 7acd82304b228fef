using Conformance.Intake;
using Conformance.Observation;
using Conformance.Vectors;

namespace Conformance.Fuzz;

/// <summary>
/// One fuzz target per reader of outside text. Each takes any bytes; refusing them the
/// documented way (<see cref="IntakeException"/>, or errors collected by the vector reader) is
/// correct behaviour, and anything else that escapes is a bug the fuzzer reports.
/// </summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        // Mail, mbox and plain diff share one entry: intake decides which the bytes are.
        ["patch"] = Patch,
        ["fix"] = Fix,
        ["vectors"] = Vectors,
    };

    /// <summary>The base a fuzzed fix applies to: a small file of C-like lines.</summary>
    public static readonly byte[] FixBase = System.Text.Encoding.ASCII.GetBytes(
        string.Concat(Enumerable.Range(1, 40).Select(i => $"line {i};\n")));

    public static void Patch(byte[] input)
    {
        try { PatchIntake.SourceFromPatch("fuzz.mbox", input); }
        catch (IntakeException) { }
    }

    public static void Fix(byte[] input)
    {
        try { PatchIntake.ApplyFix("fuzz.diff", input, FixBase); }
        catch (IntakeException) { }
    }

    public static void Vectors(byte[] input)
    {
        var errors = new List<VectorFormatException>();
        VectorLoader.Parse("fuzz.csv", input, ResourceProfile.Default, errors);
        foreach (var error in errors)
            if (error.Line < 0 || error.Column < 0)
                throw new InvalidOperationException($"an error with no place: {error.Message}");
    }
}
