using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Maintenance;
using TrustedOss.Pipeline.Orchestration;

namespace TrustedOss.Functions.Functions;

/// <summary>
/// Background jobs (ARCHITECTURE §4 "Timers"); each is idempotent and single-flight across instances. Schedules
/// are settings (defaults: <see cref="MaintenanceOptions.ScheduleDefaults"/>).
/// </summary>
public sealed class MaintenanceFunctions(TrivyDbRefresh refresh, VulnerabilityRematch rematch, StuckScanBackstop backstop, OrphanWorkspaceCleaner cleaner)
{
    [Function("RefreshTrivyDb")]
    public Task RefreshDb([TimerTrigger("%" + MaintenanceOptions.TrivyDbRefreshScheduleKey + "%")] TimerInfo timer, CancellationToken ct) => refresh.RunAsync(ct);

    [Function("RematchVulnerabilities")]
    public Task Rematch([TimerTrigger("%" + MaintenanceOptions.RematchScheduleKey + "%")] TimerInfo timer, CancellationToken ct) => rematch.RunAsync(ct);

    [Function("FailStuckScans")]
    public Task FailStuck([TimerTrigger("%" + MaintenanceOptions.StuckScanScheduleKey + "%")] TimerInfo timer,
        [DurableClient] DurableTaskClient durable, CancellationToken ct) => backstop.RunAsync(new DurableScanScheduler(durable), ct);

    [Function("ReclaimOrphanWorkspaces")]
    public Task ReclaimWorkspaces([TimerTrigger("%" + MaintenanceOptions.OrphanWorkspaceScheduleKey + "%")] TimerInfo timer, CancellationToken ct) => cleaner.RunAsync(ct);
}
