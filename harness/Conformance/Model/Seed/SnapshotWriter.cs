using Conformance.Observation;

namespace Conformance.Model;

/// <summary>Writes the model's state into a <see cref="StateSnapshot"/>, the way the C side's mpam_ref_snapshot() walks its lists.</summary>
internal static class SnapshotWriter
{
    public static void Write(MpamModel model, StateSnapshot snapshot)
    {
        var k = model.Kernel;
        snapshot.Begin(k.Topology.NrCpuIds);

        foreach (var res in model.Resctrl.ControlsSpan)
        {
            ref var resource = ref snapshot.AddResource();
            resource.ClassMapped = res.Class is not null;
            resource.AllocCapable = res.AllocCapable;
            resource.CdpEnabled = false;   // the seed has no CDP
            resource.ClassId = res.Class?.Id ?? -1;
            foreach (var dom in res.CtrlDomains)
            {
                var mask = snapshot.AddDomain(dom.Hdr.Id, dom.Hdr.Type, dom.Hdr.Rid, dom.CtrlComp?.Id ?? -1);
                dom.Hdr.CpuMask.AsSpan(0, mask.Length).CopyTo(mask);
            }
        }
        snapshot.CountDomainCpus();
        model.Hotplug.OnlineMask.CopyTo(snapshot.OnlineMask);

        ref var counters = ref snapshot.Counters;
        counters.Generation = k.Generation;
        k.Ledger.Fill(ref counters);
        counters.WarnHits = k.Warns.TotalHits;
        counters.RuleReports = k.Rules.TotalReports;
        counters.SyncRcuCalls = k.SyncRcuCalls;
        counters.EventsTotal = k.Fs.TotalEvents;

        ref var lifecycle = ref snapshot.Lifecycle;
        lifecycle.MpamEnabled = model.Devices.MpamEnabled;
        lifecycle.SetupDone = model.Devices.SetupDone;
        lifecycle.SetupResult = model.Devices.SetupResult;
        lifecycle.CallbacksRegistered = model.Hotplug.StateInstalled;

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
