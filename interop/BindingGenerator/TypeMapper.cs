using BindingGenerator.Clang;

namespace BindingGenerator;

/// <summary>
/// C types to C# types, as ClangSharp spells them: typedefs resolved to their canonical type
/// (the C spelling kept for [NativeTypeName]), records and enums by their C name, pointers as T*.
/// </summary>
internal static class TypeMapper
{
    public static MappedType Map(CXType type, string declaration, SourcePosition position)
    {
        var spelling = LibClang.Take(LibClang.clang_getTypeSpelling(type));
        return new MappedType(CSharp(type, declaration, position), spelling);
    }

    private static string CSharp(CXType type, string declaration, SourcePosition position)
    {
        var canonical = LibClang.clang_getCanonicalType(type);
        switch (canonical.Kind)
        {
            case TypeKind.Pointer:
                var pointee = LibClang.clang_getPointeeType(canonical);
                var pointeeCanonical = LibClang.clang_getCanonicalType(pointee);
                if (pointeeCanonical.Kind is TypeKind.FunctionProto or TypeKind.FunctionNoProto)
                    throw new UnsupportedDeclarationException(declaration, position, "a function pointer (callback)");
                return pointeeCanonical.Kind == TypeKind.Void ? "void*" : CSharp(pointee, declaration, position) + "*";
            case TypeKind.Record:
                var record = LibClang.clang_getTypeDeclaration(canonical);
                if (record.Kind == CursorKind.UnionDecl)
                    throw new UnsupportedDeclarationException(declaration, position, "a union");
                return TranslationUnit.Spelling(record);
            case TypeKind.Enum:
                return TranslationUnit.Spelling(LibClang.clang_getTypeDeclaration(canonical));
            default:
                return Primitive(canonical.Kind)
                       ?? throw new UnsupportedDeclarationException(declaration, position,
                           $"the type '{LibClang.Take(LibClang.clang_getTypeSpelling(type))}'");
        }
    }

    /// <summary>The C# type of a C builtin type on LP64 Linux (char is signed, long is 64-bit).</summary>
    public static string? Primitive(TypeKind kind) => kind switch
    {
        TypeKind.Void => "void",
        TypeKind.Bool => "bool",
        TypeKind.CharS or TypeKind.SChar => "sbyte",
        TypeKind.CharU or TypeKind.UChar => "byte",
        TypeKind.Short => "short",
        TypeKind.UShort => "ushort",
        TypeKind.Int => "int",
        TypeKind.UInt => "uint",
        TypeKind.Long or TypeKind.LongLong => "long",
        TypeKind.ULong or TypeKind.ULongLong => "ulong",
        TypeKind.Float => "float",
        TypeKind.Double => "double",
        _ => null,
    };
}
