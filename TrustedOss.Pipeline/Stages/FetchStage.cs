using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// Stage `fetch`: a source scan clones the branch (depth 1) or extracts the upload, and records the commit; a
/// container scan checks its uploaded image archive, or pulls its image reference into one.
/// </summary>
public sealed class FetchStage(SourceCheckout checkout, ImageCheckout images, ScanStateStore state) : IScanStage
{
    public string Slug => ScanPlan.Fetch;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (context.Kind == ScanKind.Container)
        {
            await images.FetchAsync(context, cancellationToken);
            return StageResult.Succeeded(context.Metadata.Upload is null ? $"image {context.Metadata.ImageRef} pulled" : "uploaded image archive checked");
        }
        var result = await checkout.FetchAsync(context, cancellationToken);
        await state.RecordCommitAsync(context.ScanId, result.CommitSha, cancellationToken);
        return StageResult.Succeeded(result.CommitSha is null ? "uploaded archive extracted" : $"commit {result.CommitSha}");
    }
}
