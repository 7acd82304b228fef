using System.Text.RegularExpressions;

namespace Conformance.Intake;

/// <summary>
/// Reads unified diffs (git's flavour) from lines that may carry other text between files (a
/// mail's prose, a commit message). A hunk is read exactly as far as its header's line counts
/// say: a hunk that ends early (truncated, lines elided) or whose lines are not diff lines is an
/// error naming the hunk and the line.
/// </summary>
public static partial class UnifiedDiffParser
{
    public static IReadOnlyList<FilePatch> Parse(string file, IReadOnlyList<SourceLine> lines)
    {
        var patches = new List<FilePatch>();
        for (int i = 0; i < lines.Count; i++)
        {
            var text = lines[i].Text;
            if (text.StartsWith("GIT binary patch", StringComparison.Ordinal) || BinaryFiles().IsMatch(text))
                throw new IntakeException(file, lines[i].Number, "a text diff, not a binary one");
            if (text.StartsWith("diff --git ", StringComparison.Ordinal) && PureMove(file, lines, i) is { } moved)
            {
                patches.Add(moved with { Origin = file });          // a rename or copy with no change: no ---/+++ follow
                continue;
            }
            if (!text.StartsWith("--- ", StringComparison.Ordinal) || i + 1 >= lines.Count || !lines[i + 1].Text.StartsWith("+++ ", StringComparison.Ordinal))
                continue;
            var (indexOld, indexNew) = FindIndexLine(lines, i);
            int minus = i;
            var oldPath = PathOf(file, lines[i], "--- ");
            var newPath = PathOf(file, lines[i + 1], "+++ ");
            int header = lines[i].Number;
            i += 2;
            var hunks = new List<Hunk>();
            while (i < lines.Count && lines[i].Text.StartsWith("@@ ", StringComparison.Ordinal))
                hunks.Add(ReadHunk(file, lines, ref i));
            i--;
            if (hunks.Count == 0)
                throw new IntakeException(file, header, $"at least one hunk (@@ -a,b +c,d @@) for {newPath}");
            patches.Add(new FilePatch(oldPath, newPath, indexOld, indexNew, hunks, header, MoveOf(lines, minus - 1).Move) { Origin = file });
        }
        return patches;
    }

    // No source file comes near this; a larger number is a corrupt header, not a file.
    private const int MaxLineNumber = 10_000_000;

    private static Hunk ReadHunk(string file, IReadOnlyList<SourceLine> lines, ref int i)
    {
        var headerLine = lines[i];
        var m = HunkHeader().Match(headerLine.Text);
        if (!m.Success)
            throw new IntakeException(file, headerLine.Number, $"a hunk header '@@ -a,b +c,d @@', got '{Shorten(headerLine.Text)}'");
        int Number(Group g) => !g.Success ? 1
            : int.TryParse(g.Value, out var n) && n <= MaxLineNumber ? n
            : throw new IntakeException(file, headerLine.Number, $"line numbers and counts of at most {MaxLineNumber} in hunk header '{Shorten(headerLine.Text)}', got {g.Value}");
        int oldStart = Number(m.Groups[1]), oldCount = Number(m.Groups[2]);
        int newStart = Number(m.Groups[3]), newCount = Number(m.Groups[4]);
        var header = $"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@";
        var body = new List<HunkLine>();
        int oldSeen = 0, newSeen = 0;
        bool noNewline = false;
        i++;
        while (oldSeen < oldCount || newSeen < newCount)
        {
            if (i >= lines.Count)
                throw new IntakeException(file, lines[^1].Number,
                    $"{oldCount - oldSeen} more old and {newCount - newSeen} more new line(s) of hunk {header} (line {headerLine.Number}): the hunk is truncated");
            var line = lines[i];
            // An archive or mailer strips a context line's lone space: an empty line inside a hunk is empty context.
            char kind = line.Text.Length == 0 ? ' ' : line.Text[0];
            var text = line.Text.Length == 0 ? "" : line.Text[1..];
            if (kind == '\\')
            {
                i++;
                continue;
            }
            if (kind is not (' ' or '+' or '-'))
                throw new IntakeException(file, line.Number,
                    $"a ' ', '+' or '-' line of hunk {header} (line {headerLine.Number}; {oldCount - oldSeen} old and {newCount - newSeen} new line(s) still to come), got '{Shorten(line.Text)}': lines elided or the counts do not add up");
            if (kind != '+') oldSeen++;
            if (kind != '-') newSeen++;
            if (oldSeen > oldCount || newSeen > newCount)
                throw new IntakeException(file, line.Number, $"no more than {oldCount} old and {newCount} new lines in hunk {header} (line {headerLine.Number})");
            body.Add(new HunkLine(kind, text, line.Number));
            i++;
        }
        if (i < lines.Count && lines[i].Text.StartsWith('\\'))
        {
            noNewline = body.Count > 0 && body[^1].Kind != '-';
            i++;
        }
        // The counts are satisfied; a '+' or '-' line right after means they were short (a
        // hand-edited hunk), and reading on as prose would silently drop the rest of the file.
        if (i < lines.Count && !lines[i].Text.StartsWith("@@ ", StringComparison.Ordinal) && ContinuesHunk(lines[i].Text))
            throw new IntakeException(file, lines[i].Number,
                $"the end of hunk {header} (line {headerLine.Number}) after {oldCount} old and {newCount} new line(s), " +
                $"but the hunk goes on with '{Shorten(lines[i].Text)}': its counts are short");
        return new Hunk(oldStart, oldCount, newStart, newCount, header, headerLine.Number, body, noNewline);
    }

    // A diff line past a hunk's counts, as opposed to what may follow a diff in a mail: the next
    // file's "--- a/...", the signature "-- ", a separator "---".
    private static bool ContinuesHunk(string text) =>
        (text.StartsWith('+') && !text.StartsWith("+++ ", StringComparison.Ordinal))
        || (text.StartsWith('-') && !text.StartsWith("--- ", StringComparison.Ordinal) && text != "--" && text != "---" && !text.StartsWith("-- ", StringComparison.Ordinal));

    // The extended header lines git writes between "diff --git" and "---".
    private static readonly string[] ExtendedHeaders =
        ["old mode ", "new mode ", "deleted file mode ", "new file mode ", "copy from ", "copy to ", "rename from ", "rename to ",
         "similarity index ", "dissimilarity index ", "index "];

    private static bool IsExtendedHeader(string text) => ExtendedHeaders.Any(h => text.StartsWith(h, StringComparison.Ordinal));

    // A "diff --git" block of extended headers only, with "rename from/to" or "copy from/to":
    // the file moves unchanged. Null when the block goes on to ---/+++ (or moves nothing).
    private static FilePatch? PureMove(string file, IReadOnlyList<SourceLine> lines, int diffLine)
    {
        int k = diffLine + 1;
        while (k < lines.Count && IsExtendedHeader(lines[k].Text))
            k++;
        if (k < lines.Count && lines[k].Text.StartsWith("--- ", StringComparison.Ordinal))
            return null;
        var (move, from, to) = MoveOf(lines, k - 1);
        if (move == FileMove.None)
            return null;
        var verb = move == FileMove.Rename ? "rename" : "copy";
        return new FilePatch(PathOf(file, from, $"{verb} from ", prefixed: false), PathOf(file, to, $"{verb} to ", prefixed: false),
            null, null, [], lines[diffLine].Number, move);
    }

    // Looks back from index `last` to the "diff --git" line for a rename's or copy's headers.
    private static (FileMove Move, SourceLine From, SourceLine To) MoveOf(IReadOnlyList<SourceLine> lines, int last)
    {
        SourceLine? from = null, to = null;
        var move = FileMove.None;
        for (int k = Math.Min(last, lines.Count - 1); k >= 0 && k >= last - 12; k--)
        {
            var text = lines[k].Text;
            if (text.StartsWith("rename from ", StringComparison.Ordinal) || text.StartsWith("copy from ", StringComparison.Ordinal))
                from = lines[k];
            else if (text.StartsWith("rename to ", StringComparison.Ordinal) || text.StartsWith("copy to ", StringComparison.Ordinal))
            {
                to = lines[k];
                move = text.StartsWith('r') ? FileMove.Rename : FileMove.Copy;
            }
            else if (text.StartsWith("diff --git ", StringComparison.Ordinal) || !IsExtendedHeader(text))
                break;
        }
        return from is { } f && to is { } t ? (move, f, t) : (FileMove.None, default, default);
    }

    // git writes "index <old>..<new> [mode]" between "diff --git" and "---".
    private static (string?, string?) FindIndexLine(IReadOnlyList<SourceLine> lines, int minus)
    {
        for (int k = minus - 1; k >= 0 && k >= minus - 4; k--)
        {
            var m = IndexLine().Match(lines[k].Text);
            if (m.Success)
                return (m.Groups[1].Value, m.Groups[2].Value);
            if (lines[k].Text.StartsWith("diff --git ", StringComparison.Ordinal))
                break;
        }
        return (null, null);
    }

    private static string PathOf(string file, SourceLine line, string prefix, bool prefixed = true)
    {
        var path = line.Text[prefix.Length..].Split('\t')[0].TrimEnd();
        if (path == "/dev/null")
            return path;
        if (prefixed && (path.StartsWith("a/", StringComparison.Ordinal) || path.StartsWith("b/", StringComparison.Ordinal)))
            path = path[2..];
        if (path.StartsWith('/') || path.Split('/').Contains("..") || path.Length == 0)
            throw new IntakeException(file, line.Number, $"a relative path inside the tree, got '{path}'");
        return path;
    }

    private static string Shorten(string latin1)
    {
        var s = PatchText.Readable(latin1);
        return s.Length <= 60 ? s : s[..57] + "...";
    }

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")]
    private static partial Regex HunkHeader();

    [GeneratedRegex(@"^index ([0-9a-f]{7,40})\.\.([0-9a-f]{7,40})")]
    private static partial Regex IndexLine();

    [GeneratedRegex(@"^Binary files .* differ$")]
    private static partial Regex BinaryFiles();
}
