using BindingGenerator.Clang;

namespace Conformance.Mutation;

/// <summary>
/// Where bugs can be planted in the patch's file, found with libclang: the tokens of every
/// function defined in the file, each mutation operator applied where it fits. The kinds of
/// mistake are the ones kernel review keeps finding: a negated or flipped condition, a dropped
/// call (an unlock, a grace period, a free), a non-RCU list primitive on an RCU list, a wrong
/// errno, break for continue.
/// </summary>
public static class MutationPoints
{
    private static readonly Dictionary<string, string> Comparisons = new(StringComparer.Ordinal)
    {
        ["=="] = "!=", ["!="] = "==", ["<"] = "<=", ["<="] = "<", [">"] = ">=", [">="] = ">", ["&&"] = "||", ["||"] = "&&",
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
            for (int i = body; i < tokens.Count; i++)
                foreach (var (op, mutated, what) in At(tokens, i, lines))
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

    // The mutants of the token at i: each the whole new line, and what it does.
    private static IEnumerable<(string Operator, string Line, string What)> At(IReadOnlyList<TranslationUnit.Token> tokens, int i, string[] lines)
    {
        var token = tokens[i];
        var line = lines[token.Line - 1];
        int column = (int)token.Column - 1;
        if (column + token.Spelling.Length > line.Length || line.Substring(column, token.Spelling.Length) != token.Spelling)
            yield break;                                            // a token from a macro expansion: not this line's text
        string Replace(string with) => line[..column] + with + line[(column + token.Spelling.Length)..];

        if (token.Kind == TranslationUnit.Token.Punctuation && Comparisons.TryGetValue(token.Spelling, out var flipped))
            yield return ("condition", Replace(flipped), $"{token.Spelling} becomes {flipped}");
        if (token.Kind == TranslationUnit.Token.Punctuation && token.Spelling == "!" && i + 1 < tokens.Count && tokens[i + 1].Spelling != "=")
            yield return ("negation", Replace(""), "the ! is dropped");
        if (token.Kind is TranslationUnit.Token.Identifier or TranslationUnit.Token.Keyword && Swaps.TryGetValue(token.Spelling, out var swapped))
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
