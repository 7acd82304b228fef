namespace Conformance.Mutation;

/// <summary>
/// One planted bug: a single edit of one line of the patch's file (1-based
/// <paramref name="Line"/>) in <paramref name="Function"/>, what it does in a reviewer's words, and
/// the kind of mistake it models.
/// </summary>
public sealed record Mutant(int Id, string Operator, int Line, string Original, string Mutated, string Description, string Function)
{
    /// <summary>The edit as a fix diff on the patch's file: the line replaced (or deleted when <see cref="Mutated"/> is null-like empty).</summary>
    public string AsDiff(string path)
    {
        bool deletes = Mutated.Length == 0;
        var diff = new System.Text.StringBuilder();
        diff.Append($"--- a/{path}\n+++ b/{path}\n@@ -{Line},1 +{(deletes ? Line - 1 : Line)},{(deletes ? 0 : 1)} @@\n");
        diff.Append('-').Append(Original).Append('\n');
        if (!deletes)
            diff.Append('+').Append(Mutated).Append('\n');
        return diff.ToString();
    }
}

/// <summary>What running the suite against a mutant showed.</summary>
public enum MutantFate
{
    /// <summary>The suite failed: a divergence, a failed expectation, a crash or a hang.</summary>
    Killed,
    /// <summary>Every scenario passed: the suite cannot tell this bug from the patch.</summary>
    Survived,
    /// <summary>It did not compile: not a bug the suite could have missed.</summary>
    Stillborn,
}

/// <summary>A mutant's fate, with the evidence; for a survivor, why it survives where vectors/README.md says (<see cref="SurvivorNotes"/>).</summary>
public sealed record MutantResult(Mutant Mutant, MutantFate Fate, string Evidence, string? Note = null);
