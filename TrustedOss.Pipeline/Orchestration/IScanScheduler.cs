namespace TrustedOss.Pipeline.Orchestration;

/// <summary>Starts and signals scan orchestrations; the HTTP layer hands in the host's durable client.</summary>
public interface IScanScheduler
{
    Task ScheduleAsync(ScanOrchestrationInput input, CancellationToken cancellationToken);
    Task RaiseCancelAsync(Guid scanId, CancellationToken cancellationToken);
}
