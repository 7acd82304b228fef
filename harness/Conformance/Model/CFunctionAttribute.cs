namespace Conformance.Model;

/// <summary>
/// Marks a model method as the rendering of one C function of mpam_resctrl.c, by its C name:
/// the model family's list of what it implements is read from these, so it cannot drift
/// from the methods that exist.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CFunctionAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>Within a family that renders several revisions: true for a function only its last revision has.</summary>
    public bool LastRevisionOnly { get; init; }
}
