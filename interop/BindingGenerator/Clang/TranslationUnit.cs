using System.Runtime.InteropServices;
using System.Text;

namespace BindingGenerator.Clang;

/// <summary>A parsed header: libclang's index and translation unit, disposed together.</summary>
internal sealed unsafe class TranslationUnit : IDisposable
{
    private readonly IntPtr _index;

    public IntPtr Handle { get; }
    public IReadOnlyList<string> Diagnostics { get; }

    private TranslationUnit(IntPtr index, IntPtr handle, IReadOnlyList<string> diagnostics)
    {
        _index = index;
        Handle = handle;
        Diagnostics = diagnostics;
    }

    /// <summary>
    /// Parses <paramref name="header"/> as C with <paramref name="arguments"/>; throws when clang
    /// reports errors, unless <paramref name="tolerant"/> (a source file whose tokens and
    /// function extents are wanted: clang recovers from what it cannot resolve).
    /// </summary>
    public static TranslationUnit Parse(string header, IReadOnlyList<string> arguments, bool tolerant = false)
    {
        var index = LibClang.clang_createIndex(0, 0);
        var args = new[] { "-x", "c", "-std=c11" }.Concat(arguments).ToArray();
        var native = args.Select(a => Marshal.StringToCoTaskMemUTF8(a)).ToArray();
        var file = Marshal.StringToCoTaskMemUTF8(header);
        try
        {
            IntPtr tu;
            int error;
            fixed (IntPtr* argv = native)
                error = LibClang.clang_parseTranslationUnit2(index, (byte*)file, (byte**)argv, args.Length, IntPtr.Zero, 0,
                    tolerant ? 0 : LibClang.DetailedPreprocessingRecord | LibClang.SkipFunctionBodies, &tu);
            if (error != 0)
            {
                LibClang.clang_disposeIndex(index);
                throw new ClangErrorsException([$"{header}: libclang could not parse it (CXErrorCode {error})"]);
            }
            var (diagnostics, errors) = ReadDiagnostics(tu);
            if (errors && !tolerant)
            {
                LibClang.clang_disposeTranslationUnit(tu);
                LibClang.clang_disposeIndex(index);
                throw new ClangErrorsException(diagnostics);
            }
            return new TranslationUnit(index, tu, diagnostics);
        }
        finally
        {
            foreach (var p in native)
                Marshal.FreeCoTaskMem(p);
            Marshal.FreeCoTaskMem(file);
        }
    }

    private static (IReadOnlyList<string>, bool) ReadDiagnostics(IntPtr tu)
    {
        var list = new List<string>();
        bool errors = false;
        for (uint i = 0; i < LibClang.clang_getNumDiagnostics(tu); i++)
        {
            var d = LibClang.clang_getDiagnostic(tu, i);
            errors |= LibClang.clang_getDiagnosticSeverity(d) >= LibClang.DiagnosticError;
            list.Add(LibClang.Take(LibClang.clang_formatDiagnostic(d, LibClang.clang_defaultDiagnosticDisplayOptions())));
            LibClang.clang_disposeDiagnostic(d);
        }
        return (list, errors);
    }

    public CXCursor Cursor => LibClang.clang_getTranslationUnitCursor(Handle);

    /// <summary>The direct children of a cursor, in source order.</summary>
    public static IReadOnlyList<CXCursor> Children(CXCursor parent)
    {
        var children = new List<CXCursor>();
        var handle = GCHandle.Alloc(children);
        try
        {
            LibClang.clang_visitChildren(parent, &Collect, GCHandle.ToIntPtr(handle));
        }
        finally
        {
            handle.Free();
        }
        return children;
    }

    [UnmanagedCallersOnly]
    private static int Collect(CXCursor cursor, CXCursor parent, IntPtr data)
    {
        ((List<CXCursor>)GCHandle.FromIntPtr(data).Target!).Add(cursor);
        return LibClang.ChildVisitContinue;
    }

    /// <summary>The tokens of a cursor's extent (a macro definition's name and body).</summary>
    public IReadOnlyList<string> Tokens(CXCursor cursor) => PlacedTokens(cursor).Select(t => t.Spelling).ToList();

    /// <summary>A token as clang spells and places it (1-based line and column).</summary>
    public readonly record struct Token(string Spelling, int Kind, uint Line, uint Column)
    {
        public const int Punctuation = 0, Keyword = 1, Identifier = 2, Literal = 3, Comment = 4;
    }

    /// <summary>The tokens of a cursor's extent, each with its kind and place.</summary>
    public IReadOnlyList<Token> PlacedTokens(CXCursor cursor)
    {
        CXToken* tokens;
        uint count;
        LibClang.clang_tokenize(Handle, LibClang.clang_getCursorExtent(cursor), &tokens, &count);
        var placed = new List<Token>((int)count);
        for (uint i = 0; i < count; i++)
        {
            IntPtr file;
            uint line, column, offset;
            LibClang.clang_getExpansionLocation(LibClang.clang_getTokenLocation(Handle, tokens[i]), &file, &line, &column, &offset);
            placed.Add(new Token(LibClang.Take(LibClang.clang_getTokenSpelling(Handle, tokens[i])), LibClang.clang_getTokenKind(tokens[i]), line, column));
        }
        LibClang.clang_disposeTokens(Handle, tokens, count);
        return placed;
    }

    public static SourcePosition PositionOf(CXCursor cursor)
    {
        IntPtr file;
        uint line, column, offset;
        LibClang.clang_getExpansionLocation(LibClang.clang_getCursorLocation(cursor), &file, &line, &column, &offset);
        return new SourcePosition(file == IntPtr.Zero ? "<builtin>" : LibClang.Take(LibClang.clang_getFileName(file)), line, column);
    }

    /// <summary>
    /// Where a cursor's extent starts, as written: inside a macro's argument, where the argument is
    /// spelled (not where the macro is used); inside a macro's body, in its definition.
    /// </summary>
    public static SourcePosition StartOf(CXCursor cursor) => Written(LibClang.clang_getRangeStart(LibClang.clang_getCursorExtent(cursor)));

    /// <summary>Where a cursor's extent ends, just past its last token, as written (as <see cref="StartOf"/>).</summary>
    public static SourcePosition EndOf(CXCursor cursor) => Written(LibClang.clang_getRangeEnd(LibClang.clang_getCursorExtent(cursor)));

    private static SourcePosition Written(CXSourceLocation location)
    {
        IntPtr file;
        uint line, column, offset;
        LibClang.clang_getFileLocation(location, &file, &line, &column, &offset);
        return new SourcePosition(file == IntPtr.Zero ? "<builtin>" : LibClang.Take(LibClang.clang_getFileName(file)), line, column);
    }

    public static bool InMainFile(CXCursor cursor) =>
        LibClang.clang_Location_isFromMainFile(LibClang.clang_getCursorLocation(cursor)) != 0;

    public static string Spelling(CXCursor cursor) => LibClang.Take(LibClang.clang_getCursorSpelling(cursor));

    public void Dispose()
    {
        LibClang.clang_disposeTranslationUnit(Handle);
        LibClang.clang_disposeIndex(_index);
    }
}
