using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Security;

namespace TrustedOss.Pipeline.Orchestration;

/// <summary>The two non-stage activities: fail a scan whose activity crashed, and reclaim a cancelled scan.</summary>
public sealed class ScanBookkeeping(ScanStateStore state, ScanWorkspaces workspaces, ILogger<ScanBookkeeping> logger)
{
    public async Task FailAsync(ScanFailure failure, CancellationToken ct)
    {
        var reason = $"internal error in {failure.Stage}: {CredentialRedactor.Redact(failure.Reason).Split('\n')[0]}";
        logger.LogError("Scan {ScanId} crashed at {Stage}: {Reason}", failure.ScanId, failure.Stage, reason);
        await state.FailScanAsync(failure.ScanId, failure.Stage, reason, ct);
        workspaces.Get(failure.ScanId).Delete();
    }

    public async Task ReclaimCancelledAsync(ScanOrchestrationInput input, CancellationToken ct)
    {
        await state.CloseCancelledStagesAsync(input.ScanId, ScanCancellation.CancelledByUser, ct);
        workspaces.Get(input.ScanId).Delete();
    }
}
