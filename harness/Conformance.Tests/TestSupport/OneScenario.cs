using Conformance.Observation;
using Conformance.Vectors;

namespace Conformance.Tests.TestSupport;

/// <summary>The one scenario of a vector text (or one named), read by the vector reader, which must find nothing wrong with it.</summary>
public static class OneScenario
{
    public static Scenario Parse(string csv, ResourceProfile profile, string file = "v.csv") => All(csv, profile, file).Single();

    /// <summary>The scenario named <paramref name="name"/> of a vector file (the repository's own, say).</summary>
    public static Scenario Named(string file, string name, ResourceProfile profile) =>
        All(File.ReadAllText(file), profile, file).Single(s => s.Name == name);

    private static IReadOnlyList<Scenario> All(string csv, ResourceProfile profile, string file)
    {
        var errors = new List<VectorFormatException>();
        var scenarios = VectorFileParser.Parse(file, csv, profile, errors);
        Assert.That(errors, Is.Empty);
        return scenarios;
    }

    /// <summary>Likewise for vector rows without the header line.</summary>
    public static Scenario OfRows(string rows, ResourceProfile profile, string file = "v.csv") =>
        Parse(VectorColumns.HeaderLine + "\n" + rows, profile, file);
}
