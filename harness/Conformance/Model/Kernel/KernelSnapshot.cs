using Conformance.Observation;

namespace Conformance.Model;

/// <summary>The kernel half of a model's snapshot: counters, lifecycle, the hotplug core's view and the step's record.</summary>
internal static class KernelSnapshot
{
    public static void Write(ModelSide model, StateSnapshot snapshot)
    {
        var k = model.Kernel;
        // Each domain's CpuCount was set as it was added (ModelSide.AddDomain).
        model.Hotplug.OnlineMask.CopyTo(snapshot.OnlineMask);

        ref var counters = ref snapshot.Counters;
        counters.Generation = k.Generation;
        k.Ledger.Fill(ref counters);
        counters.WarnHits = k.Warns.TotalHits;
        counters.RuleReports = k.Rules.PrintedReports;
        counters.Violations = k.Rules.TotalReports;
        counters.SyncRcuCalls = k.SyncRcuCalls;
        counters.WakeUps = k.Waits.WakeUps;
        counters.EventsTotal = k.Fs.TotalEvents;

        ref var lifecycle = ref snapshot.Lifecycle;
        lifecycle.MpamEnabled = model.Devices.MpamEnabled;
        lifecycle.SetupDone = model.Devices.SetupDone;
        lifecycle.SetupResult = model.Devices.SetupResult;
        lifecycle.CallbacksRegistered = model.Hotplug.StateInstalled;
        lifecycle.RmidReallocLimit = k.RmidReallocLimit;
        lifecycle.RmidReallocThreshold = k.RmidReallocThreshold;
        k.Registers.Write(snapshot, k.Topology.NrCpuIds, model.SnapshotRetained);

        var step = snapshot.Step;
        step.Begin(model.LastRcKind);
        step.Rc = model.LastRc;
        foreach (var site in k.Warns.HitOrder)
        {
            snapshot.AddWarnSite(site.Function, site.Condition, site.Hits, site.Reported);
            if (site.Hits > site.HitsAtStepStart)
                step.NewWarnHits.Add(new WarnHitObservation
                {
                    Function = site.Function, Condition = site.Condition, Hits = site.Hits - site.HitsAtStepStart,
                });
        }
        foreach (ref readonly var e in k.Fs.StepEvents.AsSpan())
            step.Events.Add(in e);
        foreach (ref readonly var r in k.Rules.StepReports.AsSpan())
            step.RuleReports.Add(in r);
    }
}
