using Conformance.Observation;
using Conformance.Vectors;

namespace Conformance.Tests.TestSupport;

/// <summary>The one scenario of a vector text, read by the vector reader, which must find nothing wrong with it.</summary>
public static class OneScenario
{
    public static Scenario Parse(string csv, ResourceProfile profile, string file = "v.csv")
    {
        var errors = new List<VectorFormatException>();
        var scenarios = VectorFileParser.Parse(file, csv, profile, errors);
        Assert.That(errors, Is.Empty);
        return scenarios.Single();
    }

    /// <summary>Likewise for vector rows without the header line.</summary>
    public static Scenario OfRows(string rows, ResourceProfile profile, string file = "v.csv") =>
        Parse(VectorColumns.HeaderLine + "\n" + rows, profile, file);
}
