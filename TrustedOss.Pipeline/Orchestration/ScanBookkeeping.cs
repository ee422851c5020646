using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Security;

namespace TrustedOss.Pipeline.Orchestration;

/// <summary>The two non-stage activities: fail a scan whose activity crashed, and reclaim what an ended scan left behind.</summary>
public sealed class ScanBookkeeping(ScanStateStore state, ScanWorkspaces workspaces, UploadStore uploads, ILogger<ScanBookkeeping> logger)
{
    public async Task FailAsync(ScanFailure failure, CancellationToken ct)
    {
        var reason = $"internal error in {failure.Stage}: {CredentialRedactor.Redact(failure.Reason).Split('\n')[0]}";
        logger.LogError("Scan {ScanId} crashed at {Stage}: {Reason}", failure.ScanId, failure.Stage, reason);
        await state.FailScanAsync(failure.ScanId, failure.Stage, reason, ct);
        await ReclaimAsync(failure.ScanId, ct);
    }

    public async Task ReclaimEndedAsync(ScanOrchestrationInput input, CancellationToken ct)
    {
        if (await state.StatusAsync(input.ScanId, ct) == ScanStatus.Cancelled)
            await state.CloseCancelledStagesAsync(input.ScanId, ScanCancellation.CancelledByUser, ct);
        await ReclaimAsync(input.ScanId, ct);
    }

    /// <summary>The workspace and the uploaded source or image: nothing of an ended scan stays behind.</summary>
    private async Task ReclaimAsync(Guid scanId, CancellationToken ct)
    {
        workspaces.Get(scanId).Delete();
        if (await state.UploadOfAsync(scanId, ct) is { } blob) await uploads.DeleteAsync(blob, ct);
    }
}
