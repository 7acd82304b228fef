namespace Conformance.Sandbox;

/// <summary>
/// What a sandboxed process may see: folders it may read (inputs and the toolchain, beyond
/// the system's /usr, which every sandbox gets read-only) and folders it may write (its own
/// scratch). Paths appear at the same place inside as outside. The environment inside is PATH,
/// HOME and <see cref="Environment"/>, nothing inherited.
/// </summary>
public sealed record SandboxSpec(IReadOnlyList<string> Readable, IReadOnlyList<string> Writable, string WorkingDirectory,
    IReadOnlyDictionary<string, string>? Environment = null);
