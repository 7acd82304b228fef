namespace Conformance.Model;

/// <summary>
/// Which version of the patch's logic the model runs. <see cref="Patch"/> is the patch as
/// posted; each flag is one of the reviewer's suggestions exactly as its fix diff expresses it,
/// and they combine (the review runs "all fixes together" too). Every branch that reads a flag
/// is marked "variant:" in the model so a reviewer can find what each one changes.
/// </summary>
[Flags]
public enum ModelVariant
{
    Patch = 0,

    /// <summary>
    /// fixes/early-alloc-capable-check.diff: mpam_resctrl_alloc_domain() returns -EINVAL before
    /// looking for a component when the resource is not alloc_capable.
    /// </summary>
    EarlyAllocCheck = 1,

    /// <summary>
    /// fixes/iserr-after-alloc.diff: mpam_resctrl_online_cpu() checks IS_ERR() right after
    /// mpam_resctrl_alloc_domain() instead of after the if/else.
    /// </summary>
    IsErrAfterAlloc = 2,
}

public static class ModelVariantNames
{
    private static readonly (string Name, ModelVariant Flag)[] Known =
    [
        ("early-alloc-check", ModelVariant.EarlyAllocCheck),
        ("iserr-after-alloc", ModelVariant.IsErrAfterAlloc),
    ];

    public static IEnumerable<string> Names => ["patch", .. Known.Select(k => k.Name)];

    /// <summary><c>patch</c>, a variant name, or several joined by <c>+</c> (<c>early-alloc-check+iserr-after-alloc</c>).</summary>
    public static bool TryParse(string text, out ModelVariant variant)
    {
        variant = ModelVariant.Patch;
        if (text == "patch")
            return true;
        foreach (var part in text.Split('+'))
        {
            var match = Known.Where(k => k.Name == part).ToArray();
            if (match.Length == 0)
                return false;
            variant |= match[0].Flag;
        }
        return true;
    }

    public static string Format(ModelVariant variant) =>
        variant == ModelVariant.Patch ? "patch" : string.Join('+', Known.Where(k => variant.HasFlag(k.Flag)).Select(k => k.Name));
}
