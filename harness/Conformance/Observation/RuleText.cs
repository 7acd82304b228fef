namespace Conformance.Observation;

/// <summary>Rule reports as text: <c>rcu_list_unprotected(mpam_resctrl_get_domain_from_cpu)</c>.</summary>
public static class RuleText
{
    public static string KindName(RuleKind kind) => kind switch
    {
        RuleKind.LockNotHeld => "lock_not_held",
        RuleKind.CpusNotHeld => "cpus_not_held",
        RuleKind.RcuListUnprotected => "rcu_list_unprotected",
        RuleKind.SrcuConditionFalse => "srcu_condition_false",
        RuleKind.LockImbalance => "lock_imbalance",
        RuleKind.SleepInRcuReader => "sleep_in_rcu_reader",
        RuleKind.UseAfterFree => "use_after_free",
        RuleKind.LockHeldAtReturn => "lock_held_at_return",
        RuleKind.LockOrder => "lock_order",
        RuleKind.RcuFreeBeforeGracePeriod => "rcu_free_before_gp",
        RuleKind.RcuPlainListOp => "rcu_plain_list_op",
        RuleKind.Preemptible => "preemptible",
        RuleKind.WaitEntryQueuedAtReturn => "wait_entry_queued_at_return",
        RuleKind.HungTask => "hung_task",
        RuleKind.ListCorruption => "list_corruption",
        _ => $"rule{(int)kind}",
    };

    public static string Format(in RuleReportObservation report) =>
        $"{KindName(report.Kind)}({report.Function}){(report.Printed ? "" : " not printed")}";

    public static string WarnSiteName(string function, string condition) => $"{function}: {condition}";
}
