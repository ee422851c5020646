using TrustedOss.Pipeline.Sbom;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// Stage `prep`: takes stock of the dependency manifests before cdxgen runs, and says up front what
/// offline generation cannot resolve (a package.json without its lock file), so a thin SBOM is explained.
/// </summary>
public sealed class PrepStage(SourceCheckout checkout) : IScanStage
{
    public string Slug => ScanPlan.Prep;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var src = await checkout.EnsureAsync(context, cancellationToken);
        var scan = ManifestCounter.Scan(src);
        foreach (var manifest in scan.Manifests)
            await context.Log.WriteAsync(LogStream.Info, $"manifest: {manifest}", cancellationToken);
        foreach (var path in scan.NpmWithoutLock)
            await context.Log.WriteAsync(LogStream.Info, $"{path}: no lock file next to it; dependencies are not installed (offline), so commit package-lock.json for a complete SBOM", cancellationToken);
        return StageResult.Succeeded(scan.Manifests.Count == 0
            ? "no dependency manifests found"
            : $"{scan.Manifests.Count} manifests{(scan.NpmWithoutLock.Count > 0 ? $", {scan.NpmWithoutLock.Count} without a lock file" : "")}");
    }
}
