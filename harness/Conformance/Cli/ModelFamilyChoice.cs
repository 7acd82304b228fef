using Conformance.Model;

namespace Conformance.Cli;

/// <summary>
/// Which model family a run holds the revision against: `--model NAME`, else the family that
/// renders the most of the functions the revision's file defines. Says which on stderr, and
/// names every function of the revision no model renders.
/// </summary>
public static class ModelFamilyChoice
{
    public static string Description => $"the model family: {string.Join(", ", ModelFamilies.Names)} (default: picked from the functions the revision defines)";

    /// <summary>The family named by --model, checked before any work; null when none was named.</summary>
    public static ModelFamily? Named(string? name) =>
        name is null ? null
        : ModelFamilies.ByName(name) ?? throw new UsageException($"--model {name}: expected one of {string.Join(", ", ModelFamilies.Names)}");

    /// <summary>The family for a revision (null: a library alone), and the functions it does not render.</summary>
    public static (ModelFamily Family, IReadOnlyList<string>? NotModelled) For(RevisionFacts? revision, ModelFamily? named, string verb)
    {
        if (revision is null)
        {
            var family = named ?? ModelFamilies.Seed;
            Console.Error.WriteLine($"conformance {verb}: model family {family.Name} ({(named is null ? "the default: a library alone does not say what it defines" : "--model")})");
            return (family, null);
        }
        var defined = revision.Defined;
        var (picked, notModelled) = ModelFamilies.Pick(defined, named);
        Console.Error.WriteLine($"conformance {verb}: model family {picked.Name} " +
                                (named is null ? $"(renders {defined.Count - notModelled.Count} of the {defined.Count} functions the revision defines; --model overrides)" : "(--model)"));
        if (notModelled.Count > 0)
            Console.Error.WriteLine($"conformance {verb}: {notModelled.Count} function(s) of the revision no model renders: {string.Join(", ", notModelled)}");
        return (picked, notModelled);
    }
}
