namespace Conformance.Results;

/// <summary>
/// Where in the patch's source each finding comes from, as checkpatch names a place
/// (<c>drivers/resctrl/mpam_resctrl.c:1380: mpam_resctrl_alloc_domain()</c>): the line of the
/// finding's check inside its function, else the
/// function's definition. Read in the parent, which has the revision's source; a finding that
/// names no function (an invariant over the lists) has no line.
/// </summary>
public static class FindingSources
{
    public static RunResult Locate(RunResult run, IReadOnlyList<string> source, string fileName)
    {
        var functions = new Dictionary<string, (int Head, int End)>(StringComparer.Ordinal);
        Finding Place(Finding f)
        {
            if (f.Function is not { } function || f.Where is not null)
                return f;
            if (f.SourceLine > 0 && f.SourceLine <= source.Count)           // the side saw the line itself
                return f with { Where = $"{fileName}:{f.SourceLine}: {function}()", Quote = source[f.SourceLine - 1].Trim() };
            if (!functions.TryGetValue(function, out var body))
                functions[function] = body = Body(source, function);
            if (body.Head < 0)
                return f;
            int line = body.Head;
            for (int i = body.Head; i <= body.End && f.Needle is { } needle; i++)
                if (Matches(source[i], needle))
                {
                    line = i;
                    break;
                }
            return f with { Where = $"{fileName}:{line + 1}: {function}()", Quote = source[line].Trim() };
        }
        return run with { Scenarios = run.Scenarios.Select(s => s with { Findings = s.Findings.Select(Place).ToList() }).ToList() };
    }

    // "WARN*(cond)": a WARN macro whose condition is cond; anything else: the text itself.
    private static bool Matches(string line, string needle)
    {
        if (!needle.StartsWith("WARN*(", StringComparison.Ordinal))
            return line.Contains(needle, StringComparison.Ordinal);
        int at = line.IndexOf("WARN", StringComparison.Ordinal);
        return at >= 0 && line.IndexOf(needle[5..], at, StringComparison.Ordinal) > at;
    }

    /// <summary>The 0-based lines of the function's definition (the line naming it at column 0) and its closing brace; -1 when not found.</summary>
    private static (int Head, int End) Body(IReadOnlyList<string> source, string function)
    {
        for (int i = 0; i < source.Count; i++)
        {
            var line = source[i];
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line.StartsWith('#') || line.TrimEnd().EndsWith(';'))
                continue;
            int name = line.IndexOf(function + "(", StringComparison.Ordinal);
            if (name < 0 || (name > 0 && (char.IsLetterOrDigit(line[name - 1]) || line[name - 1] == '_')))
                continue;
            int end = i;
            while (end < source.Count && source[end] != "}")
                end++;
            return (i, Math.Min(end, source.Count - 1));
        }
        return (-1, -1);
    }
}
