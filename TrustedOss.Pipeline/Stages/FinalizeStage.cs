using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Stages;

/// <summary>Stage `finalize`: the workspace and any upload are reclaimed; the executor then marks the scan succeeded.</summary>
public sealed class FinalizeStage(UploadStore uploads) : IScanStage
{
    public string Slug => ScanPlan.Finalize;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        context.Workspace.Delete();
        if (context.Metadata.Upload is { } blob) await uploads.DeleteAsync(blob, cancellationToken);
        await context.Log.WriteAsync(LogStream.Info, "Workspace reclaimed", cancellationToken);
        return StageResult.Succeeded();
    }
}
