namespace Conformance.Model;

/// <summary>
/// cpumask_var_t as a CONFIG_CPUMASK_OFFSTACK kernel has it: alloc_cpumask_var() is a kmalloc()
/// (node -1, counted and failable like any allocation), and __free(free_cpumask_var) frees it
/// when the scope ends: <c>using var m = CpumaskVar.Alloc(...)</c>.
/// </summary>
public sealed class CpumaskVar : IDisposable
{
    private readonly KernelContext _k;
    private readonly long _allocation;

    private CpumaskVar(KernelContext k, long allocation)
    {
        _k = k;
        _allocation = allocation;
        Mask = new ulong[k.Topology.MaskWords];
    }

    public ulong[] Mask { get; }

    /// <summary>alloc_cpumask_var(&amp;m, GFP_KERNEL) from <paramref name="function"/>: null when the allocation fails.</summary>
    public static CpumaskVar? Alloc(KernelContext k, string function)
    {
        long allocation = k.Ledger.Allocate(-1, function, k.Sizes.Cpumask, call: "alloc_cpumask_var(", gfp: AllocationLedger.GfpKernel);
        return allocation == 0 ? null : new CpumaskVar(k, allocation);
    }

    public void Dispose() => _k.Ledger.Free(_allocation);
}
