using Conformance.Observation;

namespace Conformance.Model;

/// <summary>
/// The patch's drivers/resctrl/mpam_resctrl.c, one C# method per C function, branch for branch.
/// State: mpam_resctrl_controls[] (one <see cref="ResctrlResource"/> per resource of the
/// profile) and the shared kernel context. Methods are named after the C functions.
/// </summary>
public sealed partial class MpamResctrl : IResctrlFile
{
    private readonly KernelContext _k;
    private readonly ResctrlResource[] _controls;

    // The WARN_ON_ONCE() sites of the file, by function and condition text as the source spells them.
    internal readonly WarnOnceSite AllocDomainNoComponent = new("mpam_resctrl_alloc_domain", "!ctrl_comp");
    internal readonly WarnOnceSite DomainInsertFound = new("mpam_resctrl_domain_insert", "err");
    internal readonly WarnOnceSite OfflineCpuNoDomain = new("mpam_resctrl_offline_cpu", "!dom");

    public MpamResctrl(KernelContext kernel, int resourceCount, ModelVariant variant)
    {
        _k = kernel;
        Variant = variant;
        _controls = new ResctrlResource[resourceCount];
        for (int rid = 0; rid < resourceCount; rid++)
            _controls[rid] = new ResctrlResource(rid);
    }

    public ModelVariant Variant { get; }

    // The variant switches, as plain bit tests (Enum.HasFlag boxes in unoptimised code).
    private bool EarlyAllocCheck => (Variant & ModelVariant.EarlyAllocCheck) != 0;
    private bool IsErrAfterAlloc => (Variant & ModelVariant.IsErrAfterAlloc) != 0;

    /// <summary>mpam_resctrl_controls[], in enum order.</summary>
    public IReadOnlyList<ResctrlResource> Controls => _controls;

    /// <summary>The same, for loops that must not allocate an enumerator.</summary>
    internal ReadOnlySpan<ResctrlResource> ControlsSpan => _controls;

    /// <summary>What a scenario does where the patch leaves picking classes as a TODO.</summary>
    public void MapClass(int rid, MpamClass mpamClass, bool allocCapable)
    {
        _controls[rid].Class = mpamClass;
        _controls[rid].AllocCapable = allocCapable;
    }

    internal void Reset()
    {
        foreach (var res in _controls)
        {
            res.Class = null;
            res.Rid = 0;
            res.AllocCapable = false;
            res.CtrlDomains.Clear();
        }
    }

    /// <summary>resctrl_arch_alloc_capable(): any resource alloc_capable.</summary>
    [CFunction("resctrl_arch_alloc_capable")]
    public bool ArchAllocCapable()
    {
        foreach (var res in _controls)
            if (res.AllocCapable)
                return true;
        return false;
    }

    /// <summary>resctrl_arch_get_num_closid(): only the system-wide safe PARTID range is usable.</summary>
    [CFunction("resctrl_arch_get_num_closid")]
    public uint ArchGetNumClosid() => (uint)_k.PartidMax + 1;

    /// <summary>resctrl_arch_get_resource(l): the slot's resctrl_res, or NULL at or past the enum's end.</summary>
    [CFunction("resctrl_arch_get_resource")]
    public ResctrlResource? ArchGetResource(uint level) => level >= (uint)_controls.Length ? null : _controls[level];

    object? IResctrlFile.ArchGetResource(uint level) => ArchGetResource(level);

    public object ControlAt(int rid) => _controls[rid];

    /// <summary>mpam_resctrl_control_init(): still a TODO in this patch, always succeeds.</summary>
    [CFunction("mpam_resctrl_control_init")]
    private static int ControlInit(ResctrlResource res) => 0;

    /// <summary>mpam_resctrl_pick_domain_id(): the component id, for caches and (TODO) for everything else.</summary>
    [CFunction("mpam_resctrl_pick_domain_id")]
    private static int PickDomainId(int cpu, MpamComponent comp)
    {
        if (comp.Class.Type == MpamClassType.Cache)
            return comp.Id;

        // The patch leaves other classes' ids as a TODO: for now the component's firmware id.
        return comp.Id;
    }

    /// <summary>The seed's components keep no configuration.</summary>
    public void BeforeSetup() { }

    /// <summary>mpam_resctrl_setup().</summary>
    [CFunction("mpam_resctrl_setup")]
    public int Setup()
    {
        int err = 0;
        using (_k.Rules.CpusLock.Hold())                            // cpus_read_lock()
        {
            foreach (var res in _controls)
            {
                res.CtrlDomains.Clear();                            // INIT_LIST_HEAD_RCU()
                _k.ListWritten();
                res.Rid = res.Slot;
            }

            // Picking classes is left to later versions of the patch: the scenario's `map`
            // steps have done it.

            foreach (var res in _controls)
            {
                if (res.Class is null)
                    continue;                                       // no class: nothing to do
                err = ControlInit(res);
                if (err != 0)
                    break;                                          // initialisation failed
            }
        }                                                           // cpus_read_unlock()

        if (err != 0)
            return err;                                             // an internal error: resctrl is not supported

        if (!ArchAllocCapable())
            return -Errno.EOPNOTSUPP;                               // nothing alloc_capable: resctrl is not supported

        // Registering with the filesystem (resctrl_init()) is left to later versions too.
        return 0;
    }
}
