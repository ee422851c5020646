using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TrustedOss.Pipeline.Maintenance;
using TrustedOss.Pipeline.Orchestration;

namespace TrustedOss.Functions.Functions;

/// <summary>Background jobs (ARCHITECTURE §4 "Timers"); each is idempotent and single-flight across instances.</summary>
public sealed class MaintenanceFunctions(TrivyDbRefresh refresh, VulnerabilityRematch rematch, StuckScanBackstop backstop, OrphanWorkspaceCleaner cleaner)
{
    [Function("RefreshTrivyDb")]
    public Task RefreshDb([TimerTrigger("0 15 */6 * * *")] TimerInfo timer, CancellationToken ct) => refresh.RunAsync(ct);

    [Function("RematchVulnerabilities")]
    public Task Rematch([TimerTrigger("0 */2 * * * *")] TimerInfo timer, CancellationToken ct) => rematch.RunAsync(ct);

    [Function("FailStuckScans")]
    public Task FailStuck([TimerTrigger("0 */5 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient durable, CancellationToken ct) => backstop.RunAsync(new DurableScanScheduler(durable), ct);

    [Function("ReclaimOrphanWorkspaces")]
    public Task ReclaimWorkspaces([TimerTrigger("0 */10 * * * *")] TimerInfo timer, CancellationToken ct) => cleaner.RunAsync(ct);
}
