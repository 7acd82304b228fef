using System.Runtime.InteropServices;

namespace BindingGenerator.Clang;

// The slice of libclang's C API (clang-c/Index.h) the generator uses, declared by hand: the
// generator cannot generate its own bindings. Struct layouts are the C API's, on LP64.

[StructLayout(LayoutKind.Sequential)]
internal struct CXString
{
    public IntPtr Data;
    public uint PrivateFlags;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXCursor
{
    public CursorKind Kind;
    public int XData;
    public IntPtr Data0, Data1, Data2;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXType
{
    public TypeKind Kind;
    public IntPtr Data0, Data1;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXSourceLocation
{
    public IntPtr Ptr0, Ptr1;
    public uint IntData;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXSourceRange
{
    public IntPtr Ptr0, Ptr1;
    public uint BeginIntData, EndIntData;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CXToken
{
    public uint Int0, Int1, Int2, Int3;
    public IntPtr PtrData;
}

/// <summary>CXCursorKind values the generator meets.</summary>
internal enum CursorKind
{
    StructDecl = 2,
    UnionDecl = 3,
    EnumDecl = 5,
    FieldDecl = 6,
    EnumConstantDecl = 7,
    FunctionDecl = 8,
    CompoundStmt = 202,
    IfStmt = 205,
    SwitchStmt = 206,
    WhileStmt = 207,
    DoStmt = 208,
    ForStmt = 209,
    BreakStmt = 213,
    BinaryOperator = 114,
    CompoundAssignOperator = 115,
    VarDecl = 9,
    ParmDecl = 10,
    TypedefDecl = 20,
    AnnotateAttr = 406,
    MacroDefinition = 501,
    InclusionDirective = 503,
}

/// <summary>CXTypeKind values the generator maps.</summary>
internal enum TypeKind
{
    Invalid = 0,
    Void = 2,
    Bool = 3,
    CharU = 4,
    UChar = 5,
    UShort = 8,
    UInt = 9,
    ULong = 10,
    ULongLong = 11,
    CharS = 13,
    SChar = 14,
    Short = 16,
    Int = 17,
    Long = 18,
    LongLong = 19,
    Float = 21,
    Double = 22,
    Pointer = 101,
    Record = 105,
    Enum = 106,
    Typedef = 107,
    FunctionNoProto = 110,
    FunctionProto = 111,
    ConstantArray = 112,
    IncompleteArray = 114,
    Elaborated = 119,
}

internal static unsafe partial class LibClang
{
    private const string Lib = "libclang";

    public const uint DetailedPreprocessingRecord = 0x01;
    public const uint SkipFunctionBodies = 0x40;
    public const int ChildVisitBreak = 0, ChildVisitContinue = 1, ChildVisitRecurse = 2;
    public const int DiagnosticError = 3;

    [LibraryImport(Lib)] public static partial IntPtr clang_createIndex(int excludeDeclarationsFromPch, int displayDiagnostics);
    [LibraryImport(Lib)] public static partial void clang_disposeIndex(IntPtr index);
    [LibraryImport(Lib)]
    public static partial int clang_parseTranslationUnit2(IntPtr index, byte* sourceFilename, byte** commandLineArgs, int numArgs,
        IntPtr unsavedFiles, uint numUnsavedFiles, uint options, IntPtr* translationUnit);
    [LibraryImport(Lib)] public static partial void clang_disposeTranslationUnit(IntPtr tu);
    [LibraryImport(Lib)] public static partial CXCursor clang_getTranslationUnitCursor(IntPtr tu);
    [LibraryImport(Lib)] public static partial uint clang_visitChildren(CXCursor parent, delegate* unmanaged<CXCursor, CXCursor, IntPtr, int> visitor, IntPtr clientData);

    [LibraryImport(Lib)] public static partial CXString clang_getCursorSpelling(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXType clang_getCursorType(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXCursor clang_getTypeDeclaration(CXType type);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getCursorLocation(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXSourceRange clang_getCursorExtent(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getRangeStart(CXSourceRange range);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getRangeEnd(CXSourceRange range);
    [LibraryImport(Lib)] public static partial int clang_Location_isFromMainFile(CXSourceLocation location);
    [LibraryImport(Lib)] public static partial void clang_getExpansionLocation(CXSourceLocation location, IntPtr* file, uint* line, uint* column, uint* offset);
    [LibraryImport(Lib)] public static partial void clang_getFileLocation(CXSourceLocation location, IntPtr* file, uint* line, uint* column, uint* offset);
    [LibraryImport(Lib)] public static partial CXString clang_getFileName(IntPtr file);
    [LibraryImport(Lib)] public static partial uint clang_isCursorDefinition(CXCursor cursor);
    [LibraryImport(Lib)] public static partial uint clang_equalCursors(CXCursor a, CXCursor b);
    [LibraryImport(Lib)] public static partial uint clang_Cursor_isBitField(CXCursor cursor);
    [LibraryImport(Lib)] public static partial uint clang_Cursor_isMacroFunctionLike(CXCursor cursor);
    [LibraryImport(Lib)] public static partial uint clang_Cursor_isMacroBuiltin(CXCursor cursor);
    [LibraryImport(Lib)] public static partial int clang_Cursor_getNumArguments(CXCursor cursor);
    [LibraryImport(Lib)] public static partial CXCursor clang_Cursor_getArgument(CXCursor cursor, uint index);
    [LibraryImport(Lib)] public static partial CXType clang_getEnumDeclIntegerType(CXCursor cursor);
    [LibraryImport(Lib)] public static partial long clang_getEnumConstantDeclValue(CXCursor cursor);

    [LibraryImport(Lib)] public static partial CXString clang_getTypeSpelling(CXType type);
    [LibraryImport(Lib)] public static partial CXType clang_getCanonicalType(CXType type);
    [LibraryImport(Lib)] public static partial CXType clang_getPointeeType(CXType type);
    [LibraryImport(Lib)] public static partial CXType clang_getResultType(CXType type);
    [LibraryImport(Lib)] public static partial CXType clang_getArrayElementType(CXType type);
    [LibraryImport(Lib)] public static partial long clang_getArraySize(CXType type);
    [LibraryImport(Lib)] public static partial long clang_Type_getSizeOf(CXType type);
    [LibraryImport(Lib)] public static partial long clang_Type_getAlignOf(CXType type);
    [LibraryImport(Lib)] public static partial long clang_Type_getOffsetOf(CXType type, byte* field);
    [LibraryImport(Lib)] public static partial uint clang_isFunctionTypeVariadic(CXType type);
    [LibraryImport(Lib)] public static partial uint clang_isConstQualifiedType(CXType type);

    [LibraryImport(Lib)] public static partial void clang_tokenize(IntPtr tu, CXSourceRange range, CXToken** tokens, uint* numTokens);
    [LibraryImport(Lib)] public static partial CXString clang_getTokenSpelling(IntPtr tu, CXToken token);
    [LibraryImport(Lib)] public static partial void clang_disposeTokens(IntPtr tu, CXToken* tokens, uint numTokens);
    [LibraryImport(Lib)] public static partial int clang_getTokenKind(CXToken token);
    [LibraryImport(Lib)] public static partial CXSourceLocation clang_getTokenLocation(IntPtr tu, CXToken token);

    [LibraryImport(Lib)] public static partial uint clang_getNumDiagnostics(IntPtr tu);
    [LibraryImport(Lib)] public static partial IntPtr clang_getDiagnostic(IntPtr tu, uint index);
    [LibraryImport(Lib)] public static partial int clang_getDiagnosticSeverity(IntPtr diagnostic);
    [LibraryImport(Lib)] public static partial CXString clang_formatDiagnostic(IntPtr diagnostic, uint options);
    [LibraryImport(Lib)] public static partial void clang_disposeDiagnostic(IntPtr diagnostic);
    [LibraryImport(Lib)] public static partial uint clang_defaultDiagnosticDisplayOptions();

    [LibraryImport(Lib)] public static partial IntPtr clang_getCString(CXString text);
    [LibraryImport(Lib)] public static partial void clang_disposeString(CXString text);

    /// <summary>A CXString as a managed string, disposed.</summary>
    public static string Take(CXString text)
    {
        var value = Marshal.PtrToStringUTF8(clang_getCString(text)) ?? "";
        clang_disposeString(text);
        return value;
    }
}
