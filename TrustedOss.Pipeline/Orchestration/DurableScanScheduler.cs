using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace TrustedOss.Pipeline.Orchestration;

/// <summary>Schedules one orchestration per scan with instance id = scan id; cancel is the external event.</summary>
public sealed class DurableScanScheduler(DurableTaskClient client) : IScanScheduler
{
    public Task ScheduleAsync(ScanOrchestrationInput input, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(
            ScanOrchestrator.Name, input, new StartOrchestrationOptions(InstanceId: input.ScanId.ToString()), cancellationToken);

    public Task RaiseCancelAsync(Guid scanId, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(scanId.ToString(), ScanOrchestrator.CancelEvent, "cancelled by user", cancellationToken);
}
