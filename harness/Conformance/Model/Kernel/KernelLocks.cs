namespace Conformance.Model;

/// <summary>
/// A mutex as lockdep sees it: held or not by the (single) task the model runs. Lock of a
/// held mutex and unlock of an unheld one are lockdep imbalances.
/// </summary>
public sealed class ModelMutex(string name, RuleChecker rules)
{
    public string Name { get; } = name;
    public bool Held { get; private set; }

    /// <summary>guard(mutex)(&amp;m): held until the guard is disposed at the end of the scope.</summary>
    public Guard Lock(string function)
    {
        if (Held)
            rules.Report(Observation.RuleKind.LockImbalance, function, Name);
        rules.CheckMaySleep(function);
        Held = true;
        return new Guard(this, function);
    }

    internal void Unlock(string function)
    {
        if (!Held)
            rules.Report(Observation.RuleKind.LockImbalance, function, Name);
        Held = false;
    }

    internal void Reset() => Held = false;

    public readonly struct Guard(ModelMutex mutex, string function) : IDisposable
    {
        public void Dispose() => mutex.Unlock(function);
    }
}

/// <summary>
/// cpu_hotplug_lock: held for reading by cpus_read_lock() and, as lockdep sees it, by the
/// hotplug core around every cpuhp callback it runs (cpu up/down and cpuhp_setup_state()).
/// </summary>
public sealed class CpuHotplugLock
{
    public int Depth { get; private set; }
    public bool Held => Depth > 0;

    public Scope Hold() { Depth++; return new Scope(this); }

    internal void Reset() => Depth = 0;

    public readonly struct Scope(CpuHotplugLock owner) : IDisposable
    {
        public void Dispose() => owner.Depth--;
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
