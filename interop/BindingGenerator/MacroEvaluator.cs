using System.Globalization;

namespace BindingGenerator;

/// <summary>
/// Evaluates the body of an object-like #define that is an integer expression: literals (with
/// u/l suffixes), earlier constants, parentheses, unary minus and ~, and + - * / % &lt;&lt; &gt;&gt; &amp; | ^.
/// Anything else is not an integer constant, and the caller decides what that means.
/// </summary>
internal sealed class MacroEvaluator(IReadOnlyDictionary<string, long> known, IReadOnlyList<string> tokens)
{
    private int _next;

    public static long? TryEvaluate(IReadOnlyList<string> tokens, IReadOnlyDictionary<string, long> known)
    {
        if (tokens.Count == 0)
            return null;
        try
        {
            var evaluator = new MacroEvaluator(known, tokens);
            long value = evaluator.Binary(0);
            return evaluator._next == tokens.Count ? value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static readonly (string Op, int Precedence)[] Operators =
    [
        ("|", 1), ("^", 2), ("&", 3), ("<<", 4), (">>", 4), ("+", 5), ("-", 5), ("*", 6), ("/", 6), ("%", 6),
    ];

    private long Binary(int minPrecedence)
    {
        long left = Unary();
        while (_next < tokens.Count)
        {
            var op = Operators.FirstOrDefault(o => o.Op == tokens[_next]);
            if (op.Op is null || op.Precedence < minPrecedence)
                break;
            _next++;
            long right = Binary(op.Precedence + 1);
            left = op.Op switch
            {
                "|" => left | right, "^" => left ^ right, "&" => left & right,
                "<<" => left << (int)right, ">>" => left >> (int)right,
                "+" => left + right, "-" => left - right, "*" => left * right,
                "/" => right == 0 ? throw new FormatException("division by zero") : left / right,
                _ => right == 0 ? throw new FormatException("division by zero") : left % right,
            };
        }
        return left;
    }

    private long Unary()
    {
        if (_next >= tokens.Count)
            throw new FormatException("expression ends early");
        var token = tokens[_next++];
        switch (token)
        {
            case "-": return -Unary();
            case "~": return ~Unary();
            case "(":
                long inner = Binary(0);
                if (_next >= tokens.Count || tokens[_next++] != ")")
                    throw new FormatException("expected )");
                return inner;
        }
        if (known.TryGetValue(token, out long constant))
            return constant;
        var digits = token.TrimEnd('u', 'U', 'l', 'L');
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && long.TryParse(digits[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long hex))
            return hex;
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long dec))
            return dec;
        throw new FormatException($"not an integer constant: {token}");
    }
}
