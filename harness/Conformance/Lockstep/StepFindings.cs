using System.Runtime.InteropServices;
using Conformance.Observation;

namespace Conformance.Lockstep;

/// <summary>
/// What a single step raised on one side that a reviewer should read: the WARNs it hit and the
/// lockdep / RCU-rule reports it caused, as sentences. A scenario raises the same few again and
/// again (a walk reported at every callback): each distinct one is worded once per runner and
/// reused, so a step that repeats one allocates nothing.
/// </summary>
public sealed class StepFindings
{
    private readonly Dictionary<(string Function, string Condition), RawFinding> _warns = [];
    private readonly Dictionary<(RuleKind Kind, string Function, string Detail, bool Printed), RawFinding> _rules = [];
    private (RuleKind Kind, string? Function, string? Detail, bool Printed, RawFinding Finding) _lastRule;

    public void Collect(StateSnapshot s, List<RawFinding> into)
    {
        int first = into.Count;
        foreach (ref readonly var hit in s.Step.NewWarnHits.AsSpan())
        {
            if (!_warns.TryGetValue((hit.Function, hit.Condition), out var warn))
                _warns[(hit.Function, hit.Condition)] = warn = new($"warn:{hit.Function}:{hit.Condition}", "WARN",
                    $"{hit.Function}() WARNs: its condition `{hit.Condition}` is true (a WARN_ON_ONCE() prints the first time only).",
                    hit.Function, $"WARN*({hit.Condition})", Event: true);
            into.Add(warn with { Count = (int)hit.Hits });
        }
        foreach (ref readonly var rule in s.Step.RuleReports.AsSpan())
        {
            // The report of the step before, again (the same interned strings): no hashing.
            if (_lastRule.Kind == rule.Kind && _lastRule.Printed == rule.Printed
                && ReferenceEquals(_lastRule.Function, rule.Function) && ReferenceEquals(_lastRule.Detail, rule.Detail))
            {
                AddEvent(into, first, in _lastRule.Finding);
                continue;
            }
            var key = (rule.Kind, rule.Function, rule.Detail ?? "", rule.Printed);
            if (!_rules.TryGetValue(key, out var report))
                _rules[key] = report = new($"rule:{rule.Kind}:{rule.Function}", RuleText.KindName(rule.Kind), Sentence(rule) + Printing(rule), rule.Function,
                    CheckOf(rule), Event: true);
            AddEvent(into, first, in report);
            _lastRule = (rule.Kind, rule.Function, rule.Detail, rule.Printed, report);
        }
    }

    // A report made again right after itself at this step (a walk reports at each callback it
    // makes) counts on the one already added, which is then one finding to report, not one each.
    // Each worded report has its own text: the same text instance is the same report.
    private static void AddEvent(List<RawFinding> into, int first, in RawFinding report)
    {
        var added = CollectionsMarshal.AsSpan(into)[first..];
        if (added.Length > 0 && ReferenceEquals(added[^1].Text, report.Text))
            added[^1] = added[^1] with { Count = added[^1].Count + report.Count };
        else
            into.Add(report);
    }

    /// <summary>The source text of the check a rule report comes from, as the function spells it.</summary>
    private static string? CheckOf(in RuleReportObservation rule) => rule.Kind switch
    {
        RuleKind.RcuFreeBeforeGracePeriod => "kfree(",
        RuleKind.RcuPlainListOp => rule.Detail.Split('(')[0] + "(",
        RuleKind.LockNotHeld => "lockdep_assert_held(",
        RuleKind.CpusNotHeld => "lockdep_assert_cpus_held(",
        RuleKind.Preemptible => "lockdep_assert_preemption_disabled(",
        RuleKind.RcuListUnprotected => "list_for_each_entry_rcu(",
        RuleKind.SrcuConditionFalse => "list_for_each_entry_srcu(",
        RuleKind.UseAfterFree => "list_for_each_entry",
        RuleKind.WaitEntryQueuedAtReturn => "prepare_to_wait(",
        RuleKind.HungTask => "wait_event(",
        RuleKind.ListCorruption => rule.Detail.Split(' ')[0],
        _ => null,
    };

    private static string Sentence(in RuleReportObservation r) => r.Kind switch
    {
        RuleKind.LockNotHeld => $"lockdep: {r.Function}() asserts that {Detail(r, "a lock")} is held, and it is not.",
        RuleKind.CpusNotHeld => $"lockdep: {r.Function}() asserts that the CPU hotplug lock is held, and it is not.",
        RuleKind.Preemptible => $"lockdep: {r.Function}() asserts that preemption is disabled, and it runs preemptible.",
        RuleKind.RcuListUnprotected => $"RCU: {r.Function}() walks {Detail(r, "an RCU list")} with list_for_each_entry_rcu() outside an RCU read-side section and with no lockdep condition; CONFIG_PROVE_RCU_LIST reports this.",
        RuleKind.SrcuConditionFalse => $"SRCU: {r.Function}() walks {Detail(r, "an SRCU list")} while the lockdep condition it passes is false.",
        RuleKind.LockImbalance => $"lockdep: lock imbalance in {r.Function}(): {Detail(r, "a lock")}.",
        RuleKind.SleepInRcuReader => $"RCU: {r.Function}() may sleep inside an RCU read-side section: {Detail(r, "a blocking call")}.",
        RuleKind.UseAfterFree => $"KASAN: {r.Function}() walks a list into freed memory: a domain was freed while still listed (the walk is stopped there).",
        RuleKind.LockHeldAtReturn => $"lockdep: {Detail(r, "a lock")}, taken in {r.Function}(), is still held when the step's hook or callback returns.",
        RuleKind.LockOrder => $"lockdep: possible circular locking in {r.Function}(): {r.Detail}.",
        RuleKind.RcuFreeBeforeGracePeriod => $"RCU: {r.Function}() frees {(string.IsNullOrEmpty(r.Detail) ? "a list node which list_del_rcu() unlinked, before a grace period" : r.Detail)}: a reader still walking the list reads freed memory.",
        RuleKind.RcuPlainListOp => $"RCU: {r.Function}() uses {r.Detail}.",
        RuleKind.HungTask => $"hung task: {r.Function}() waits for {Detail(r, "a condition")}, which nothing makes true once the boot's initcalls have run: the task sleeps for good, uninterruptible.",
        RuleKind.ListCorruption => $"CONFIG_DEBUG_LIST reports {Detail(r, "a corrupt link")} in {r.Function}(): the kernel refuses that link or unlink, so the list stays as it was.",
        RuleKind.WaitEntryQueuedAtReturn => $"wait queue: {r.Function}() returns with its on-stack wait entry still queued on {Detail(r, "a wait queue")} (prepare_to_wait() with no finish_wait()): the next wake_up() of that queue calls into a stack frame that is gone.",
        _ => $"{RuleText.KindName(r.Kind)} in {r.Function}(): {r.Detail}",
    };

    // The checks go on after a kernel's lockdep went quiet: say which report a kernel prints.
    private static string Printing(in RuleReportObservation r) => r.Kind switch
    {
        RuleKind.UseAfterFree => "",
        RuleKind.RcuFreeBeforeGracePeriod or RuleKind.RcuPlainListOp => " (The harness's own RCU check: no kernel prints this.)",
        RuleKind.WaitEntryQueuedAtReturn => " (The harness's own check: a kernel shows it later, as list corruption or a crash when the queue is next woken.)",
        RuleKind.HungTask => " (A kernel's hung task detector names it after hung_task_timeout_secs.)",
        _ => r.Printed ? " (A debug kernel prints this one.)" : " (A debug kernel would not print this: lockdep was already off, or the site had warned.)",
    };

    private static string Detail(in RuleReportObservation r, string fallback) =>
        string.IsNullOrEmpty(r.Detail) ? fallback : $"`{r.Detail}`";
}
