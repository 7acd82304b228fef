namespace Conformance.Observation;

/// <summary>
/// The resctrl resource enum of one kernel profile, in enum order (index = <c>enum resctrl_res_level</c> value).
/// The count is read from the reference at run time; this type carries it so that nothing else
/// hard-codes it.
/// </summary>
public sealed class ResourceProfile
{
    private readonly string[] _names;

    public ResourceProfile(IEnumerable<string> names, IReadOnlyList<string>? features = null, bool picksClasses = false, AllocationSizes sizes = default)
    {
        _names = names.ToArray();
        Features = features ?? [];
        PicksClasses = picksClasses;
        Sizes = sizes;
        if (_names.Length == 0)
            throw new ArgumentException("a profile has at least one resource", nameof(names));
        if (_names.Distinct(StringComparer.Ordinal).Count() != _names.Length)
            throw new ArgumentException("resource names are unique", nameof(names));
    }

    /// <summary>The enum of the kernels this patch targets: L3, L2, MBA, SMBA, PERF_PKG.</summary>
    public static ResourceProfile Default { get; } = new(["L3", "L2", "MBA", "SMBA", "PERF_PKG"]);

    public int Count => _names.Length;

    /// <summary>
    /// The revision's MPAM feature names (enum mpam_device_features, in order; see
    /// Model.DeviceFeatures): what a vector's props row may name. Empty for a revision without them.
    /// </summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>
    /// Whether the revision picks the classes for its resources itself (from props and caches):
    /// then a vector's <c>map</c> row, the seed's stand-in for that TODO, is refused.
    /// </summary>
    public bool PicksClasses { get; }

    /// <summary>
    /// The sizes of the types the patch allocates, as the reference was compiled (0 when no
    /// reference said): the model allocates the same types, and the ledgers compare sizes.
    /// </summary>
    public AllocationSizes Sizes { get; }

    /// <summary>The same resources, with what the revision's own source says.</summary>
    public ResourceProfile WithRevision(IReadOnlyList<string> features, bool picksClasses) => new(_names, features, picksClasses, Sizes);

    /// <summary>The same resources, with the type sizes of the build.</summary>
    public ResourceProfile WithSizes(AllocationSizes sizes) => new(_names, Features, PicksClasses, sizes);

    public IReadOnlyList<string> Names => _names;

    public string NameOf(int rid) => (uint)rid < (uint)_names.Length ? _names[rid] : $"rid{rid}";

    /// <summary>The rid of a resource name, or -1.</summary>
    public int IndexOf(string name) => Array.IndexOf(_names, name);

    public bool SameAs(ResourceProfile other) =>
        ReferenceEquals(this, other) || _names.AsSpan().SequenceEqual(other._names);
}

/// <summary>sizeof() of what the patch allocates: its domain (struct mpam_resctrl_dom) and a cpumask_var_t's mask.</summary>
public readonly record struct AllocationSizes(uint Domain, uint Cpumask);
