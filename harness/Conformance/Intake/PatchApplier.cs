using System.Text;

namespace Conformance.Intake;

/// <summary>
/// Applies a file's hunks strictly: every context and removed line must match exactly (no fuzz),
/// because a reviewer's fix that only applies with fuzz is not the change that was reviewed. A hunk
/// may stand at an offset from its header's line, as git apply allows.
/// </summary>
public static class PatchApplier
{
    /// <summary>The new content as lines, and whether it ends with a newline.</summary>
    public sealed record Content(IReadOnlyList<string> Lines, bool EndsWithNewline)
    {
        public static Content Empty { get; } = new([], true);

        public static Content Of(string text)
        {
            bool newline = text.EndsWith('\n');
            var lines = text.Split('\n').ToList();
            if (newline || text.Length == 0)
                lines.RemoveAt(lines.Count - 1);
            return new Content(lines, newline || text.Length == 0);
        }

        public byte[] Bytes()
        {
            var text = new StringBuilder();
            for (int i = 0; i < Lines.Count; i++)
            {
                text.Append(Lines[i]);
                if (i < Lines.Count - 1 || EndsWithNewline)
                    text.Append('\n');
            }
            return PatchText.Encode(text.ToString());
        }
    }

    public static Content Apply(string file, FilePatch patch, Content before)
    {
        var result = new List<string>();
        int next = 0;   // index into before.Lines of the first line not yet copied
        int shift = 0;  // how far earlier hunks were found from where their headers said
        bool endsWithNewline = before.EndsWithNewline;
        foreach (var hunk in patch.Hunks)
        {
            int expected = (hunk.OldCount == 0 ? hunk.OldStart : hunk.OldStart - 1) + shift;
            int start = Locate(file, patch, hunk, before.Lines, expected, next);
            shift += start - expected;
            result.AddRange(before.Lines.Skip(next).Take(start - next));
            int at = start;
            foreach (var line in hunk.Lines)
            {
                if (line.Kind == '+')
                    result.Add(line.Text);
                else
                {
                    if (line.Kind == ' ')
                        result.Add(line.Text);
                    at++;
                }
            }
            next = at;
            if (next == before.Lines.Count)
                endsWithNewline = !hunk.NewEndsWithoutNewline;
        }
        result.AddRange(before.Lines.Skip(next));
        return new Content(result, endsWithNewline);
    }

    // Where the hunk's old lines (context and removed) stand exactly: at the line its header
    // names, or, like git apply, at the nearest offset from it (a fix made on the base applies
    // after another fix moved lines). Never with fuzz: every old line must match.
    private static int Locate(string file, FilePatch patch, Hunk hunk, IReadOnlyList<string> lines, int expected, int notBefore)
    {
        var old = hunk.Lines.Where(l => l.Kind != '+').ToList();
        bool MatchesAt(int start) =>
            start >= notBefore && start + old.Count <= lines.Count && old.Select((l, k) => lines[start + k] == l.Text).All(x => x);
        for (int offset = 0; offset <= lines.Count; offset++)
        {
            if (MatchesAt(expected + offset))
                return expected + offset;
            if (offset > 0 && MatchesAt(expected - offset))
                return expected - offset;
        }
        // Name the first line that differs where the header says the hunk goes.
        for (int k = 0; k < old.Count; k++)
        {
            var found = expected + k >= 0 && expected + k < lines.Count ? lines[expected + k] : null;
            if (found != old[k].Text)
                throw new IntakeException(file, old[k].SourceLine,
                    $"hunk {hunk.Header} of {patch.Path} to apply: line {expected + k + 1} should be '{PatchText.Readable(old[k].Text)}' but is '{(found is null ? "<end of file>" : PatchText.Readable(found))}', and its lines match nowhere else");
        }
        throw new IntakeException(file, hunk.HeaderLine, $"hunk {hunk.Header} of {patch.Path} to apply after the previous hunk");
    }
}
