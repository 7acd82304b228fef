namespace Conformance.Vectors;

/// <summary>What the reader knows of a scenario while reading its rows: enough to check each op in context.</summary>
internal sealed class ScenarioBuilder(string name, int line)
{
    public string Name { get; } = name;
    public int Line { get; } = line;
    public StepList Steps { get; } = new();

    /// <summary>Possible CPUs once a topology row was read; 0 before.</summary>
    public int NrCpus { get; set; }
    public int TopologyLine { get; set; }
    public HashSet<int> Classes { get; } = [];
    public int SetupLine { get; set; }

    public Scenario Build(string file) => new(Name, file, Line, Steps);
}
