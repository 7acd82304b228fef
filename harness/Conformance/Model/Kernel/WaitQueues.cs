using Conformance.Observation;

namespace Conformance.Model;

/// <summary>DEFINE_WAIT(): a wait entry on the waiting function's stack.</summary>
public sealed class WaitEntry
{
    /// <summary>On a queue: prepare_to_wait() put it there and no finish_wait() took it off.</summary>
    public bool Queued { get; internal set; }
}

/// <summary>
/// linux/wait.h as the stand-ins have it. One thread: nobody waits when wake_up() is called,
/// so wake_up() is only counted. prepare_to_wait() queues an entry that is not queued yet,
/// finish_wait() takes it off; an entry still queued when the step returns lived on a stack
/// frame that is gone (the next wake_up() of its queue would call into it) and is reported
/// once. Not modelled: exclusive waits, wake functions, more than
/// <see cref="QueuedKept"/> entries queued at once (the stand-ins' table).
/// </summary>
public sealed class WaitQueues(RuleChecker rules)
{
    /// <summary>STAND_IN_WAITING.</summary>
    public const int QueuedKept = 8;

    private readonly List<(WaitEntry Entry, string Queue, string Function)> _queued = [];

    /// <summary>wake_up() calls since reset, the boot's initcalls included.</summary>
    public uint WakeUps { get; private set; }

    /// <summary>prepare_to_wait(queue, &amp;entry, state) in <paramref name="function"/>.</summary>
    public void PrepareToWait(WaitEntry entry, string queue, string function)
    {
        if (entry.Queued || _queued.Count == QueuedKept)
            return;
        entry.Queued = true;
        _queued.Add((entry, queue, function));
    }

    /// <summary>finish_wait(queue, &amp;entry).</summary>
    public void FinishWait(WaitEntry entry)
    {
        if (!entry.Queued)
            return;
        entry.Queued = false;
        for (int i = 0; i < _queued.Count; i++)
            if (ReferenceEquals(_queued[i].Entry, entry))
            {
                _queued.RemoveAt(i);
                break;
            }
    }

    /// <summary>wake_up(queue).</summary>
    public void WakeUp() => WakeUps++;

    /// <summary>
    /// wait_event(queue, condition) in <paramref name="function"/>: a false condition is one
    /// nothing here could make true (the boot's initcalls have run, there is no other thread), so
    /// the task would sleep for good: a hung task, with the condition as the source spells it.
    /// </summary>
    public void WaitEvent(bool condition, string conditionText, string function)
    {
        if (!condition)
            rules.Report(RuleKind.HungTask, function, conditionText);
    }

    /// <summary>The step returned: every entry still queued is reported, and forgotten.</summary>
    internal void StepEnd()
    {
        if (_queued.Count == 0)
            return;
        foreach (var (_, queue, function) in _queued)
            rules.Report(RuleKind.WaitEntryQueuedAtReturn, function, queue);
        _queued.Clear();
    }

    internal void Reset()
    {
        _queued.Clear();
        WakeUps = 0;
    }
}
