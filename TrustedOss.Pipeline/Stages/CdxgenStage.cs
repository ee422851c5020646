using TrustedOss.Pipeline.Licenses;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Sbom;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// Stage `cdxgen`: the SBOM, its components with declared licenses (NuGet ones completed from the local
/// package cache's .nuspec, which cdxgen does not read offline), persisted; the SBOM kept for trivy.
/// </summary>
public sealed class CdxgenStage(SourceCheckout checkout, SbomGenerator generator, NuspecLicenseReader nuspec, TierCatalogSource tiers,
    ScanResultsRepository results, ScanArtifacts artifacts) : IScanStage
{
    public string Slug => ScanPlan.Cdxgen;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        await checkout.EnsureAsync(context, cancellationToken);
        var generated = await generator.RunAsync(context.Workspace, context.Verbose, context.Log, cancellationToken);
        var bom = await CycloneDxParser.ParseFileAsync(generated.SbomPath, cancellationToken);
        var sbomDir = Path.GetDirectoryName(generated.SbomPath)!;
        var located = bom.Components
            .Select(c => c with { ManifestPath = ManifestPaths.Relativize(c.ManifestPath, context.Workspace.SourceDir, sbomDir) }).ToList();
        var components = await nuspec.FillMissingLicensesAsync(located, cancellationToken);
        var fromNuspec = components.Zip(located).Count(p => p.First.DeclaredLicense is not null && p.Second.DeclaredLicense is null);
        if (fromNuspec > 0)
            await context.Log.WriteAsync(LogStream.Info, $"{fromNuspec} NuGet licenses read from .nuspec files in {nuspec.PackagesDir}", cancellationToken);

        await results.ReplaceComponentsAsync(context.ScanId, components, await tiers.GetAsync(), cancellationToken);
        await artifacts.SaveFileAsync(context.ScanId, ScanArtifacts.Sbom, generated.SbomPath, cancellationToken);
        var withLicense = components.Count(c => c.DeclaredLicense is not null);
        return StageResult.Succeeded($"{components.Count} components ({withLicense} with a declared license) from {generated.ManifestCount} manifests");
    }
}
