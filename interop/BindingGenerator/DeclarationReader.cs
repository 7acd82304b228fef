using System.Runtime.InteropServices;
using BindingGenerator.Clang;

namespace BindingGenerator;

/// <summary>
/// Walks the declarations of a header's main file (not of what it includes) and reads what the
/// bindings need, with the layout clang computes. Constructs the bindings cannot carry faithfully
/// stop the reading with the declaration's name and location.
/// </summary>
internal static unsafe class DeclarationReader
{
    public static HeaderDeclarations Read(TranslationUnit tu, string header)
    {
        var structs = new List<StructDeclaration>();
        var enums = new List<EnumDeclaration>();
        var functions = new List<FunctionDeclaration>();
        var constants = new List<ConstantDeclaration>();
        var known = new Dictionary<string, long>(StringComparer.Ordinal);

        foreach (var cursor in TranslationUnit.Children(tu.Cursor))
        {
            if (!TranslationUnit.InMainFile(cursor))
                continue;
            var name = TranslationUnit.Spelling(cursor);
            var position = TranslationUnit.PositionOf(cursor);
            switch (cursor.Kind)
            {
                case CursorKind.StructDecl when LibClang.clang_isCursorDefinition(cursor) != 0:
                    structs.Add(ReadStruct(cursor, name, position));
                    break;
                case CursorKind.UnionDecl:
                    throw new UnsupportedDeclarationException(name, position, "a union");
                case CursorKind.EnumDecl when LibClang.clang_isCursorDefinition(cursor) != 0:
                    enums.Add(ReadEnum(cursor, name, position));
                    break;
                case CursorKind.FunctionDecl:
                    functions.Add(ReadFunction(cursor, name, position));
                    break;
                case CursorKind.VarDecl:
                    throw new UnsupportedDeclarationException(name, position, "a global variable");
                case CursorKind.MacroDefinition when LibClang.clang_Cursor_isMacroBuiltin(cursor) == 0:
                    if (ReadConstant(tu, cursor, name, position, known) is { } constant)
                    {
                        constants.Add(constant);
                        known[name] = constant.Value;
                    }
                    break;
            }
        }
        return new HeaderDeclarations(header, structs, enums, functions, constants);
    }

    private static StructDeclaration ReadStruct(CXCursor cursor, string name, SourcePosition position)
    {
        var type = LibClang.clang_getCursorType(cursor);
        var fields = new List<FieldDeclaration>();
        foreach (var field in TranslationUnit.Children(cursor).Where(c => c.Kind == CursorKind.FieldDecl))
        {
            var fieldName = TranslationUnit.Spelling(field);
            var where = TranslationUnit.PositionOf(field);
            var qualified = $"{name}.{fieldName}";
            if (LibClang.clang_Cursor_isBitField(field) != 0)
                throw new UnsupportedDeclarationException(qualified, where, "a bit-field");
            var fieldType = LibClang.clang_getCursorType(field);
            long offsetBits;
            var nameBytes = Marshal.StringToCoTaskMemUTF8(fieldName);
            try { offsetBits = LibClang.clang_Type_getOffsetOf(type, (byte*)nameBytes); }
            finally { Marshal.FreeCoTaskMem(nameBytes); }

            var canonical = LibClang.clang_getCanonicalType(fieldType);
            if (canonical.Kind == TypeKind.ConstantArray)
            {
                var element = LibClang.clang_getArrayElementType(canonical);
                var primitive = TypeMapper.Primitive(LibClang.clang_getCanonicalType(element).Kind);
                if (primitive is null or "void" or "bool")
                    throw new UnsupportedDeclarationException(qualified, where, "an array of non-primitive elements");
                var spelling = LibClang.Take(LibClang.clang_getTypeSpelling(fieldType));
                fields.Add(new FieldDeclaration(fieldName, new MappedType(primitive, spelling), offsetBits / 8, primitive,
                    LibClang.clang_getArraySize(canonical)));
                continue;
            }
            if (canonical.Kind == TypeKind.Pointer)
                throw new UnsupportedDeclarationException(qualified, where, "a pointer inside a struct (the ABI passes no pointers in structs)");
            fields.Add(new FieldDeclaration(fieldName, TypeMapper.Map(fieldType, qualified, where), offsetBits / 8, null, 0));
        }
        return new StructDeclaration(name, LibClang.clang_Type_getSizeOf(type), LibClang.clang_Type_getAlignOf(type), fields, position);
    }

    private static EnumDeclaration ReadEnum(CXCursor cursor, string name, SourcePosition position)
    {
        var underlying = LibClang.clang_getEnumDeclIntegerType(cursor);
        var mapped = new MappedType(TypeMapper.Primitive(LibClang.clang_getCanonicalType(underlying).Kind)
                                    ?? throw new UnsupportedDeclarationException(name, position, "an enum of this integer type"),
            LibClang.Take(LibClang.clang_getTypeSpelling(underlying)));
        var constants = TranslationUnit.Children(cursor)
            .Where(c => c.Kind == CursorKind.EnumConstantDecl)
            .Select(c => (TranslationUnit.Spelling(c), LibClang.clang_getEnumConstantDeclValue(c)))
            .ToList();
        return new EnumDeclaration(name, mapped, constants, position);
    }

    private static FunctionDeclaration ReadFunction(CXCursor cursor, string name, SourcePosition position)
    {
        var type = LibClang.clang_getCursorType(cursor);
        if (LibClang.clang_isFunctionTypeVariadic(type) != 0)
            throw new UnsupportedDeclarationException(name, position, "a variadic function");
        var parameters = new List<ParameterDeclaration>();
        for (uint i = 0; i < LibClang.clang_Cursor_getNumArguments(cursor); i++)
        {
            var argument = LibClang.clang_Cursor_getArgument(cursor, i);
            var argumentName = TranslationUnit.Spelling(argument);
            if (argumentName.Length == 0)
                argumentName = $"param{i}";
            parameters.Add(new ParameterDeclaration(argumentName,
                TypeMapper.Map(LibClang.clang_getCursorType(argument), $"{name}({argumentName})", position)));
        }
        return new FunctionDeclaration(name, TypeMapper.Map(LibClang.clang_getResultType(type), name, position), parameters, position,
            Leaf: IsLeaf(cursor, name, position));
    }

    // The one annotation the bindings carry; any other would be dropped silently, so it is refused.
    private const string LeafAnnotation = "leaf";

    private static bool IsLeaf(CXCursor function, string name, SourcePosition position)
    {
        bool leaf = false;
        foreach (var attribute in TranslationUnit.Children(function).Where(c => c.Kind == CursorKind.AnnotateAttr))
        {
            var annotation = TranslationUnit.Spelling(attribute);
            if (annotation != LeafAnnotation)
                throw new UnsupportedDeclarationException(name, position, $"the annotation \"{annotation}\" (only \"{LeafAnnotation}\" is known)");
            leaf = true;
        }
        return leaf;
    }

    // Object-like macros whose body is an integer expression become constants. A guard macro
    // (no body) is skipped, and so is one that spells an attribute (it marks declarations, whose
    // reading sees the attribute itself); any other body is refused rather than silently dropped.
    private static ConstantDeclaration? ReadConstant(TranslationUnit tu, CXCursor cursor, string name, SourcePosition position,
        IReadOnlyDictionary<string, long> known)
    {
        if (LibClang.clang_Cursor_isMacroFunctionLike(cursor) != 0)
            throw new UnsupportedDeclarationException(name, position, "a function-like macro");
        var tokens = tu.Tokens(cursor);
        var body = tokens.Skip(1).ToList();
        if (body.Count == 0 || body[0] == "__attribute__")
            return null;
        var value = MacroEvaluator.TryEvaluate(body, known)
                    ?? throw new UnsupportedDeclarationException(name, position, $"a macro whose body ({string.Join(' ', body)}) is not an integer constant");
        var type = value is >= int.MinValue and <= int.MaxValue ? "int" : "long";
        return new ConstantDeclaration(name, value, type, $"#define {name} {string.Join(' ', body)}", position);
    }
}
