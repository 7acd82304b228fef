using System.Reflection;
using Conformance.Lockstep;
using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// A model of one revision family of mpam_resctrl.c: its name, the C functions it renders
/// (from the <see cref="CFunctionAttribute"/> of its types' methods) and how to make one.
/// Families share the kernel machinery of Model/Kernel; each lives in its own folder.
/// </summary>
/// <param name="earlierRevision">Renders an earlier revision of its types' file: the functions marked
/// <see cref="CFunctionAttribute.LastRevisionOnly"/> are not its.</param>
public sealed class ModelFamily(string name, string summary, Type[] types, Func<ResourceProfile, ModelVariant, IMpamSide> create,
    bool earlierRevision = false)
{
    public string Name { get; } = name;
    public string Summary { get; } = summary;

    /// <summary>The C functions this family's methods render.</summary>
    public IReadOnlySet<string> Implements { get; } = types
        .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
        .Select(m => m.GetCustomAttribute<CFunctionAttribute>())
        .OfType<CFunctionAttribute>()
        .Where(f => !(earlierRevision && f.LastRevisionOnly))
        .Select(f => f.Name)
        .ToHashSet(StringComparer.Ordinal);

    public IMpamSide Create(ResourceProfile profile, ModelVariant variant) => create(profile, variant);
}

/// <summary>Every model family, and the choice of one for a revision by the functions it defines.</summary>
public static class ModelFamilies
{
    public static readonly ModelFamily Seed = new("seed",
        "[PATCH v6 14/40]: classes mapped by the scenario, control domains, cpuhp callbacks, setup",
        [typeof(MpamResctrl)], (profile, variant) => new MpamModel(profile, variant));

    public static readonly ModelFamily Mainline = new("mainline",
        "the file as merged (fb481ec0): classes picked from their features and topology, CDP, control configuration, MBA, monitor domains, resctrl_init/exit, teardown",
        [typeof(Model.Mainline.MpamResctrl)], (profile, _) => new Model.Mainline.MainlineModel(profile, Model.Mainline.MainlineStage.Mainline));

    public static readonly ModelFamily CachesCdp = new("caches-cdp",
        "the stage that added picked caches and CDP (01a0021f): mainline's model without MBA, monitors, resctrl_init/exit or teardown",
        [typeof(Model.Mainline.MpamResctrl)], (profile, _) => new Model.Mainline.MainlineModel(profile, Model.Mainline.MainlineStage.CachesCdp),
        earlierRevision: true);

    public static readonly IReadOnlyList<ModelFamily> All = [Seed, Mainline, CachesCdp];

    public static IEnumerable<string> Names => All.Select(f => f.Name);

    public static ModelFamily? ByName(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>
    /// The family that renders the most of the functions the revision defines, and of those the
    /// one that renders the fewest functions the revision does not have (the closest revision);
    /// and the revision's functions it does not render, in the file's order.
    /// </summary>
    public static (ModelFamily Family, IReadOnlyList<string> NotModelled) Pick(IReadOnlyList<string> defined, ModelFamily? chosen = null)
    {
        var family = chosen ?? All
            .OrderByDescending(f => defined.Count(f.Implements.Contains))
            .ThenBy(f => f.Implements.Count(name => !defined.Contains(name)))
            .First();
        return (family, defined.Where(name => !family.Implements.Contains(name)).ToList());
    }
}
