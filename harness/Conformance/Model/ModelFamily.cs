using System.Reflection;
using Conformance.Lockstep;
using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// A model of one revision family of mpam_resctrl.c: its name, the C functions it renders
/// (from the <see cref="CFunctionAttribute"/> of its types' methods) and how to make one.
/// Families share the kernel machinery of Model/Kernel; each lives in its own folder.
/// </summary>
public sealed class ModelFamily(string name, string summary, Type[] types, Func<ResourceProfile, ModelVariant, IMpamSide> create)
{
    public string Name { get; } = name;
    public string Summary { get; } = summary;

    /// <summary>The C functions this family's methods render.</summary>
    public IReadOnlySet<string> Implements { get; } = types
        .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        .Select(m => m.GetCustomAttribute<CFunctionAttribute>()?.Name)
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);

    public IMpamSide Create(ResourceProfile profile, ModelVariant variant) => create(profile, variant);
}

/// <summary>Every model family, and the choice of one for a revision by the functions it defines.</summary>
public static class ModelFamilies
{
    public static readonly ModelFamily Seed = new("seed",
        "[PATCH v6 14/40]: classes mapped by the scenario, control domains, cpuhp callbacks, setup",
        [typeof(MpamResctrl)], (profile, variant) => new MpamModel(profile, variant));

    public static readonly IReadOnlyList<ModelFamily> All = [Seed];

    public static IEnumerable<string> Names => All.Select(f => f.Name);

    public static ModelFamily? ByName(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>
    /// The family that renders the most of the functions the revision defines (the first on a
    /// tie), and those of its functions it does not render, in the file's order.
    /// </summary>
    public static (ModelFamily Family, IReadOnlyList<string> NotModelled) Pick(IReadOnlyList<string> defined, ModelFamily? chosen = null)
    {
        var family = chosen ?? All.MaxBy(f => defined.Count(f.Implements.Contains))!;
        return (family, defined.Where(name => !family.Implements.Contains(name)).ToList());
    }
}
