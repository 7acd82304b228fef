namespace Conformance.Intake;

/// <summary>A line of a patch as the diff parser sees it, with the line of the input it came from.</summary>
public readonly record struct SourceLine(string Text, int Number);
