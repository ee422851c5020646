namespace TrustedOss.Pipeline.Orchestration;

/// <summary>Starts, signals and stops scan orchestrations; the function layer hands in the host's durable client.</summary>
public interface IScanScheduler
{
    Task ScheduleAsync(ScanOrchestrationInput input, CancellationToken cancellationToken);
    Task RaiseCancelAsync(Guid scanId, CancellationToken cancellationToken);

    /// <summary>Ends the scan's orchestration instance with <paramref name="reason"/> as its output; a finished or unknown instance is left alone.</summary>
    Task TerminateAsync(Guid scanId, string reason, CancellationToken cancellationToken);
}
