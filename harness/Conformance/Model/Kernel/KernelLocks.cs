namespace Conformance.Model;

/// <summary>
/// A mutex as lockdep sees it: held or not by the (single) task the model runs. Lock of a
/// held mutex and unlock of an unheld one are lockdep imbalances.
/// </summary>
public sealed class ModelMutex
{
    private readonly RuleChecker _rules;
    private bool _reportedHeld;

    public ModelMutex(string name, RuleChecker rules)
    {
        Name = name;
        _rules = rules;
        rules.Register(this);
    }

    public string Name { get; }
    public bool Held { get; private set; }

    /// <summary>The function that took it last.</summary>
    public string LockedIn { get; private set; } = "";

    /// <summary>guard(mutex)(&amp;m): held until the guard is disposed at the end of the scope.</summary>
    public Guard Lock(string function)
    {
        if (Held)
            _rules.LockdepReport(Observation.RuleKind.LockImbalance, function, Name, lockdepOff: true);
        _rules.CheckMaySleep(function);
        _rules.LockAcquired(Name, function);
        Held = true;
        LockedIn = function;
        _reportedHeld = false;
        return new Guard(this, function);
    }

    internal void Unlock(string function)
    {
        if (!Held)
            _rules.LockdepReport(Observation.RuleKind.LockImbalance, function, Name, lockdepOff: true);
        _rules.LockReleased(Name);
        Held = false;
    }

    /// <summary>Whether this is the first time it is found held at a step's end since it was taken.</summary>
    internal bool MarkReportedHeld()
    {
        bool first = !_reportedHeld;
        _reportedHeld = true;
        return first;
    }

    internal void Reset()
    {
        Held = false;
        _reportedHeld = false;
    }

    public readonly struct Guard(ModelMutex mutex, string function) : IDisposable
    {
        public void Dispose() => mutex.Unlock(function);
    }
}

/// <summary>
/// cpu_hotplug_lock: held for reading by cpus_read_lock() and, as lockdep sees it, by the
/// hotplug core around every cpuhp callback it runs (cpu up/down and cpuhp_setup_state()).
/// </summary>
public sealed class CpuHotplugLock(RuleChecker rules)
{
    private bool _reportedHeld;

    public int Depth { get; private set; }
    public bool Held => Depth > 0;

    /// <summary>cpus_read_lock(): a read lock taken again nests; the first take is what orders.</summary>
    public Scope Hold()
    {
        if (Depth++ == 0)
        {
            rules.LockAcquired("cpu_hotplug_lock", "cpus_read_lock");
            _reportedHeld = false;
        }
        return new Scope(this);
    }

    private void Release()
    {
        if (--Depth == 0)
            rules.LockReleased("cpu_hotplug_lock");
    }

    internal bool MarkReportedHeld()
    {
        bool first = !_reportedHeld;
        _reportedHeld = true;
        return first;
    }

    internal void Reset()
    {
        Depth = 0;
        _reportedHeld = false;
    }

    public readonly struct Scope(CpuHotplugLock owner) : IDisposable
    {
        public void Dispose() => owner.Release();
    }
}

/// <summary>Reader-side sections: rcu_read_lock() and SRCU readers of mpam_srcu.</summary>
public sealed class ReaderSections
{
    public int RcuDepth { get; private set; }
    public int SrcuDepth { get; private set; }

    /// <summary>guard(srcu)(&amp;mpam_srcu).</summary>
    public SrcuScope SrcuReadLock() { SrcuDepth++; return new SrcuScope(this); }

    internal void Reset() => RcuDepth = SrcuDepth = 0;

    public readonly struct SrcuScope(ReaderSections owner) : IDisposable
    {
        public void Dispose() => owner.SrcuDepth--;
    }
}
