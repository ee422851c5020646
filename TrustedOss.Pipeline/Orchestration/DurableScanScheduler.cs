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

    public async Task TerminateAsync(Guid scanId, string reason, CancellationToken cancellationToken)
    {
        // Asked first because backends differ on terminating a finished or unknown instance (some reject it);
        // an instance that finishes between the two calls can still make the terminate throw, which callers log.
        var instance = await client.GetInstanceAsync(scanId.ToString(), getInputsAndOutputs: false, cancellationToken);
        if (instance is null || instance.IsCompleted) return;
        await client.TerminateInstanceAsync(scanId.ToString(), new TerminateInstanceOptions(Output: reason), cancellationToken);
    }
}
