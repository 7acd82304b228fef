namespace Conformance.Cli;

/// <summary>
/// An argument or an output location that cannot be used as given: exit 2 with the message,
/// found before any work starts. Input files have <see cref="Intake.IntakeException"/> instead,
/// which also names the line.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
