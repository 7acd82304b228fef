using Conformance.Observation;

namespace Conformance.Vectors;

/// <summary>Reads a set of vector files; every error of every file is collected before anything is refused.</summary>
public static class VectorLoader
{
    /// <summary>Scenarios of all files in order, or <see cref="VectorLoadException"/> with every error found.</summary>
    public static IReadOnlyList<Scenario> Load(string baseDirectory, IEnumerable<string> files, ResourceProfile profile)
    {
        var errors = new List<VectorFormatException>();
        var scenarios = Read(baseDirectory, files, profile, errors);
        if (errors.Count > 0)
            throw new VectorLoadException(errors);
        return scenarios;
    }

    public static IReadOnlyList<Scenario> Read(string baseDirectory, IEnumerable<string> files, ResourceProfile profile, List<VectorFormatException> errors)
    {
        var scenarios = new List<Scenario>();
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(baseDirectory, file));
            }
            catch (IOException e)
            {
                errors.Add(new VectorFormatException(file, 0, 0, $"a readable file ({e.Message})"));
                continue;
            }
            catch (UnauthorizedAccessException e)
            {
                errors.Add(new VectorFormatException(file, 0, 0, $"a readable file ({e.Message})"));
                continue;
            }
            scenarios.AddRange(VectorFileParser.Parse(file, text, profile, errors));
        }
        return scenarios;
    }
}
