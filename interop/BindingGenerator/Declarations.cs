namespace BindingGenerator;

/// <summary>Where a declaration is: what error messages name.</summary>
internal sealed record SourcePosition(string File, uint Line, uint Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>A C type as the bindings spell it: the C# type, and the C spelling when it differs.</summary>
internal sealed record MappedType(string CSharp, string C)
{
    /// <summary>ClangSharp writes [NativeTypeName] only when the C spelling says more than the C# type.</summary>
    public bool NeedsNativeName => C != CSharp;
}

internal sealed record FieldDeclaration(string Name, MappedType Type, long Offset, string? FixedElement, long FixedLength);

internal sealed record StructDeclaration(string Name, long Size, long Alignment, IReadOnlyList<FieldDeclaration> Fields, SourcePosition Position);

internal sealed record EnumDeclaration(string Name, MappedType Underlying, IReadOnlyList<(string Name, long Value)> Constants, SourcePosition Position);

internal sealed record ParameterDeclaration(string Name, MappedType Type);

/// <param name="Leaf">Declared <c>__attribute__((annotate("leaf")))</c>: it runs briefly, never blocks and never calls back,
/// so the binding skips the GC transition (<c>[SuppressGCTransition]</c>), which a call made at every step pays for.</param>
internal sealed record FunctionDeclaration(string Name, MappedType Result, IReadOnlyList<ParameterDeclaration> Parameters, SourcePosition Position,
    bool Leaf = false);

internal sealed record ConstantDeclaration(string Name, long Value, string CSharpType, string Definition, SourcePosition Position);

/// <summary>Everything a header declares that the bindings carry, in declaration order.</summary>
internal sealed record HeaderDeclarations(
    string Header,
    IReadOnlyList<StructDeclaration> Structs,
    IReadOnlyList<EnumDeclaration> Enums,
    IReadOnlyList<FunctionDeclaration> Functions,
    IReadOnlyList<ConstantDeclaration> Constants);

/// <summary>A construct the generator refuses, named with its declaration and location.</summary>
internal sealed class UnsupportedDeclarationException(string declaration, SourcePosition position, string what)
    : Exception($"{position}: {declaration}: {what} is not supported by the binding generator")
{
    public string Declaration { get; } = declaration;
    public SourcePosition Position { get; } = position;
}

/// <summary>clang reported errors; generation stops and shows them.</summary>
internal sealed class ClangErrorsException(IReadOnlyList<string> diagnostics)
    : Exception("clang reported errors:\n" + string.Join('\n', diagnostics))
{
    public IReadOnlyList<string> Diagnostics { get; } = diagnostics;
}
