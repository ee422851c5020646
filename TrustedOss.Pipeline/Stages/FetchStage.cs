using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Pipeline.Stages;

/// <summary>Stage `fetch`: clone the branch (depth 1) or extract the upload; the commit is recorded on the scan.</summary>
public sealed class FetchStage(SourceCheckout checkout, ScanStateStore state) : IScanStage
{
    public string Slug => ScanPlan.Fetch;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var result = await checkout.FetchAsync(context, cancellationToken);
        await state.RecordCommitAsync(context.ScanId, result.CommitSha, cancellationToken);
        return StageResult.Succeeded(result.CommitSha is null ? "uploaded archive extracted" : $"commit {result.CommitSha}");
    }
}
