using System.Text.RegularExpressions;

namespace Conformance.Model;

/// <summary>
/// The functions a revision of mpam_resctrl.c defines, in the file's order, read the way its
/// kernel coding style writes them: a line at column 0 naming the function (its return type
/// on that line or the one before), its parameters, then a line that is just "{". A
/// declaration (ending in ';'), a macro use and anything inside a body are not definitions.
/// </summary>
public static partial class RevisionFunctions
{
    /// <summary>Whether a revision picks the classes for its resources itself, rather than leaving it to a scenario's map rows.</summary>
    public static bool PicksClasses(IReadOnlyList<string> defined) =>
        defined.Contains("mpam_resctrl_pick_caches") || defined.Contains("mpam_resctrl_pick_mba");

    public static IReadOnlyList<string> Defined(IReadOnlyList<string> lines)
    {
        var names = new List<string>();
        int depth = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (depth == 0 && Head().Match(line) is { Success: true } m && !line.StartsWith('#'))
            {
                // Parameters may run over several lines; the body's "{" stands alone after them.
                int j = i;
                while (j < lines.Count && !lines[j].TrimEnd().EndsWith(')') && !lines[j].Contains(';'))
                    j++;
                if (j + 1 < lines.Count && lines[j + 1].TrimEnd() == "{" && !lines[j].Contains(';'))
                    names.Add(m.Groups[1].Value);
            }
            depth += Intake.CSource.BraceDelta(line);
        }
        return names;
    }

    [GeneratedRegex(@"^(?:[A-Za-z_][\w \t\*]*?[ \t\*])?([A-Za-z_]\w*)\(")]
    private static partial Regex Head();
}

/// <summary>
/// What a revision's own source says, read once: the functions it defines (which model family
/// fits), its MPAM features and whether it picks its own classes (what a vector may say).
/// </summary>
public sealed record RevisionFacts(IReadOnlyList<string> Defined, IReadOnlyList<string> Features, bool PicksClasses)
{
    /// <summary>The facts of the revision extracted into <paramref name="sourceDirectory"/>.</summary>
    public static RevisionFacts Of(string sourceDirectory)
    {
        var defined = RevisionFunctions.Defined(File.ReadAllLines(Path.Combine(sourceDirectory, Intake.PatchIntake.PatchedFile)));
        return new(defined, DeviceFeatures.Of(sourceDirectory), RevisionFunctions.PicksClasses(defined));
    }

    /// <summary>The reader's profile: these resources, with what the revision says.</summary>
    public Observation.ResourceProfile Profile(Observation.ResourceProfile resources) => resources.WithRevision(Features, PicksClasses);
}
