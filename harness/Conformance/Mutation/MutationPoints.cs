using BindingGenerator.Clang;

namespace Conformance.Mutation;

/// <summary>
/// Where bugs can be planted in the patch's file, found with libclang: the tokens of every
/// function defined in the file, each mutation operator applied where it fits. The kinds of
/// mistake are the ones kernel review keeps finding: a negated or flipped condition, a dropped
/// call (an unlock, a grace period, a free), a non-RCU list primitive on an RCU list, a wrong
/// errno, break for continue, arithmetic off by its operator (an index, a count, a width), a
/// bit operation for its opposite (a mask, a shift, a flag set or cleared) and a constant off by
/// one (a cache level, a width, a starting index, a return value).
/// </summary>
public static class MutationPoints
{
    private static readonly Dictionary<string, string> Comparisons = new(StringComparer.Ordinal)
    {
        ["=="] = "!=", ["!="] = "==", ["<"] = "<=", ["<="] = "<", [">"] = ">=", [">="] = ">", ["&&"] = "||", ["||"] = "&&",
    };

    // A binary arithmetic operator for another: + and - each other's, * and / each other's, % a
    // division; the same in a compound assignment.
    private static readonly Dictionary<string, string> Arithmetic = new(StringComparer.Ordinal)
    {
        ["+"] = "-", ["-"] = "+", ["*"] = "/", ["/"] = "*", ["%"] = "/",
        ["+="] = "-=", ["-="] = "+=", ["*="] = "/=", ["/="] = "*=", ["%="] = "/=",
    };

    // A bit operation for its opposite: & and | each other's, ^ an or, a shift the other way.
    private static readonly Dictionary<string, string> Bitwise = new(StringComparer.Ordinal)
    {
        ["&"] = "|", ["|"] = "&", ["^"] = "|", ["<<"] = ">>", [">>"] = "<<",
        ["&="] = "|=", ["|="] = "&=", ["^="] = "|=", ["<<="] = ">>=", [">>="] = "<<=",
    };

    private static readonly Dictionary<string, string> Swaps = new(StringComparer.Ordinal)
    {
        ["list_add_tail_rcu"] = "list_add_tail", ["list_add_rcu"] = "list_add", ["list_del_rcu"] = "list_del",
        ["EINVAL"] = "ENOMEM", ["ENOMEM"] = "EINVAL", ["EOPNOTSUPP"] = "EINVAL", ["ENODEV"] = "EINVAL", ["EBUSY"] = "EINVAL",
        ["break"] = "continue", ["continue"] = "break",
    };

    private static bool Unobservable(string function) =>
        function.StartsWith("lockdep_assert", StringComparison.Ordinal) || function.StartsWith("pr_", StringComparison.Ordinal)
        || function.StartsWith("dev_", StringComparison.Ordinal) || function is "might_sleep" or "printk";

    /// <param name="source">The patch's file, as extracted.</param>
    /// <param name="includeDirectories">Where its #includes resolve (the stand-ins), so clang sees its functions whole.</param>
    public static IReadOnlyList<Mutant> Find(string source, IReadOnlyList<string> includeDirectories)
    {
        var lines = File.ReadAllLines(source);
        var arguments = includeDirectories.SelectMany(d => new[] { "-I", d }).Concat(["-nostdinc", "-ffreestanding", "-std=gnu2x"]).ToList();
        using var unit = TranslationUnit.Parse(source, arguments, tolerant: true);
        var mutants = new List<Mutant>();
        foreach (var function in TranslationUnit.Children(unit.Cursor))
        {
            if (function.Kind != CursorKind.FunctionDecl || LibClang.clang_isCursorDefinition(function) == 0 || !TranslationUnit.InMainFile(function))
                continue;
            var tokens = unit.PlacedTokens(function);
            int body = tokens.ToList().FindIndex(t => t.Spelling == "{");
            if (body < 0)
                continue;
            var name = TranslationUnit.Spelling(function);
            var roundEnding = BreaksEndingARound(function);
            var operators = BinaryOperators(function, tokens);
            for (int i = body; i < tokens.Count; i++)
                foreach (var (op, mutated, what) in At(tokens, i, lines, roundEnding, operators))
                    Add(op, (int)tokens[i].Line, mutated, what, name);
        }
        return mutants;

        void Add(string op, int line, string mutated, string what, string function)
        {
            var original = lines[line - 1];
            if (mutated != original && !mutants.Any(m => m.Line == line && m.Mutated == mutated))
                mutants.Add(new Mutant(mutants.Count + 1, op, line, original, mutated, what, function));
        }
    }

    // The breaks (by line and column) that leave a switch after which a loop's body has nothing left
    // to do (the switch ends the body, or a block or an if branch that ends it): the loop goes on to
    // its next round after either, so break for continue there is an equivalent mutant, one no
    // suite could kill (a do's body ends in its condition, as continue does).
    private static HashSet<(uint Line, uint Column)> BreaksEndingARound(CXCursor function)
    {
        var found = new HashSet<(uint, uint)>();
        Visit(function, [function]);
        return found;

        void Visit(CXCursor cursor, List<CXCursor> path)
        {
            foreach (var child in TranslationUnit.Children(cursor))
            {
                if (child.Kind == CursorKind.BreakStmt && path.FindLastIndex(IsBreakable) is var target and > 0
                    && path[target].Kind == CursorKind.SwitchStmt && EndsLoopRound(path, target))
                {
                    var at = TranslationUnit.PositionOf(child);
                    found.Add((at.Line, at.Column));
                }
                path.Add(child);
                Visit(child, path);
                path.RemoveAt(path.Count - 1);
            }
        }

        static bool IsBreakable(CXCursor c) => c.Kind is CursorKind.SwitchStmt or CursorKind.ForStmt or CursorKind.WhileStmt or CursorKind.DoStmt;

        // Nothing follows path[at] in its loop's round: up to the loop, each statement is the last of
        // its block or a branch of an if (a statement is never an if's condition), and the last is the loop's body.
        static bool EndsLoopRound(List<CXCursor> path, int at)
        {
            for (int k = at; k >= 1; k--)
            {
                var (parent, statement) = (path[k - 1], path[k]);
                if (parent.Kind == CursorKind.CompoundStmt)
                {
                    var statements = TranslationUnit.Children(parent);
                    if (statements.Count == 0 || !Same(statements[^1], statement))
                        return false;
                }
                else if (parent.Kind != CursorKind.IfStmt)
                    return IsBody(parent, statement);
            }
            return false;
        }

        static bool IsBody(CXCursor loop, CXCursor statement)
        {
            if (loop.Kind is not (CursorKind.ForStmt or CursorKind.WhileStmt or CursorKind.DoStmt))
                return false;
            var parts = TranslationUnit.Children(loop);
            return parts.Count > 0 && Same(loop.Kind == CursorKind.DoStmt ? parts[0] : parts[^1], statement);
        }

        static bool Same(CXCursor a, CXCursor b) => LibClang.clang_equalCursors(a, b) != 0;
    }

    // The places (line, column) of the function's binary operators, as the AST has them: a token alone
    // cannot tell a product from a pointer declaration, a subtraction from a negative errno or an and
    // from an address (which of them is arithmetic or a bit operation, its spelling says). Each is the
    // one token between its operands, as written; one inside a macro's body has no token of the
    // function there, and is not planted.
    private static HashSet<(uint Line, uint Column)> BinaryOperators(CXCursor function, IReadOnlyList<TranslationUnit.Token> tokens)
    {
        var found = new HashSet<(uint, uint)>();
        string file = TranslationUnit.PositionOf(function).File;
        Visit(function);
        return found;

        void Visit(CXCursor cursor)
        {
            foreach (var child in TranslationUnit.Children(cursor))
            {
                if (child.Kind is CursorKind.BinaryOperator or CursorKind.CompoundAssignOperator && TranslationUnit.Children(child) is [var left, var right])
                {
                    var (end, start) = (TranslationUnit.EndOf(left), TranslationUnit.StartOf(right));
                    var between = end.File == file && start.File == file
                        ? tokens.Where(t => !Before(t, end.Line, end.Column) && Before(t, start.Line, start.Column)).ToList() : [];
                    if (between is [var op])
                        found.Add((op.Line, op.Column));
                }
                Visit(child);
            }
        }
    }

    // An integer constant off by one, as written (decimal or hex, its suffix kept): 0 and 1 each
    // other's (a flag, a first index, a success), any other one more. Not a character or a string.
    private static string? OffByOne(string literal)
    {
        int digitsEnd = literal.TrimEnd('u', 'U', 'l', 'L').Length;
        var (digits, suffix) = (literal[..digitsEnd], literal[digitsEnd..]);
        bool hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        if (!ulong.TryParse(hex ? digits[2..] : digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var value) || value == ulong.MaxValue
            || (!hex && digits.Length > 1 && digits[0] == '0'))                 // an octal constant: left alone
            return null;
        var other = value switch { 0 => 1ul, 1 => 0ul, _ => value + 1 };
        return (hex ? digits[..2] + other.ToString("x", System.Globalization.CultureInfo.InvariantCulture) : other.ToString(System.Globalization.CultureInfo.InvariantCulture)) + suffix;
    }

    private static bool Before(TranslationUnit.Token token, uint line, uint column) => token.Line < line || (token.Line == line && token.Column < column);

    // The mutants of the token at i: each the whole new line, and what it does.
    private static IEnumerable<(string Operator, string Line, string What)> At(IReadOnlyList<TranslationUnit.Token> tokens, int i, string[] lines,
        HashSet<(uint Line, uint Column)> roundEnding, HashSet<(uint Line, uint Column)> operators)
    {
        var token = tokens[i];
        var line = lines[token.Line - 1];
        int column = (int)token.Column - 1;
        if (column + token.Spelling.Length > line.Length || line.Substring(column, token.Spelling.Length) != token.Spelling)
            yield break;                                            // a token from a macro expansion: not this line's text
        string Replace(string with) => line[..column] + with + line[(column + token.Spelling.Length)..];

        if (token.Kind == TranslationUnit.Token.Punctuation && Comparisons.TryGetValue(token.Spelling, out var flipped))
            yield return ("condition", Replace(flipped), $"{token.Spelling} becomes {flipped}");
        if (token.Kind == TranslationUnit.Token.Punctuation && operators.Contains((token.Line, token.Column)))
        {
            if (Arithmetic.TryGetValue(token.Spelling, out var other))
                yield return ("arithmetic", Replace(other), $"{token.Spelling} becomes {other}");
            else if (Bitwise.TryGetValue(token.Spelling, out other))
                yield return ("bitwise", Replace(other), $"{token.Spelling} becomes {other}");
        }
        if (token.Kind == TranslationUnit.Token.Literal && OffByOne(token.Spelling) is { } constant)
            yield return ("constant", Replace(constant), $"{token.Spelling} becomes {constant}");
        if (token.Kind == TranslationUnit.Token.Punctuation && token.Spelling == "!" && i + 1 < tokens.Count && tokens[i + 1].Spelling != "=")
            yield return ("negation", Replace(""), "the ! is dropped");
        if (token.Kind is TranslationUnit.Token.Identifier or TranslationUnit.Token.Keyword && Swaps.TryGetValue(token.Spelling, out var swapped)
            && !(token.Spelling == "break" && roundEnding.Contains((token.Line, token.Column))))
            yield return (token.Spelling.StartsWith('E') ? "errno" : token.Kind == TranslationUnit.Token.Keyword ? "control" : "rcu-list",
                Replace(swapped), $"{token.Spelling} becomes {swapped}");
        // A call that is a whole statement on its own line: dropped. Not an assertion or a print:
        // dropping a check that holds, or a message, changes nothing a suite could see.
        if (token.Kind == TranslationUnit.Token.Identifier && !Unobservable(token.Spelling) && i > 0 && tokens[i - 1].Spelling is ";" or "{" or "}"
            && i + 1 < tokens.Count && tokens[i + 1].Spelling == "(" && line.Trim().StartsWith(token.Spelling, StringComparison.Ordinal)
            && line.TrimEnd().EndsWith(");", StringComparison.Ordinal) && tokens[i - 1].Line != token.Line)
            yield return ("dropped-call", "", $"the call to {token.Spelling}() is dropped");
    }
}
