using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Licenses;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Sbom;
using TrustedOss.Pipeline.Tools;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// A container scan's components: trivy reads the image archive into a CycloneDX SBOM (OS and language packages,
/// with licenses where the image records them), the components are persisted like a source scan's, and the SBOM
/// is kept as the scan's artifact so the matcher and the re-match job treat both kinds alike.
/// </summary>
public sealed class ImageInventory(ImageCheckout checkout, TrivyTool trivy, TierCatalogSource tiers, ScanResultsRepository results, ScanArtifacts artifacts)
{
    public async Task<string> RunAsync(StageContext context, CancellationToken ct)
    {
        var archive = await checkout.EnsureAsync(context, ct);
        var sbom = context.Workspace.SbomPath;
        File.Delete(sbom);
        await context.Log.WriteAsync(LogStream.Info, "Listing the image's packages (trivy image, CycloneDX)", ct);
        var run = await trivy.ImageSbomAsync(archive, sbom, Path.Combine(context.Workspace.RootDir, "trivy-image-cache"), context.Verbose, context.Log, ct);
        if (!run.Succeeded || !File.Exists(sbom))
            throw new StageFailedException($"trivy could not read the image (exit code {run.ExitCode}): " +
                (run.StderrTail.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "it printed no reason; check that the archive's manifest.json and layers are intact (tar tf)"));

        CycloneDxBom bom;
        try
        {
            bom = await CycloneDxParser.ParseFileAsync(sbom, ct);
        }
        catch (InvalidDataException e)
        {
            throw new StageFailedException($"trivy wrote an unreadable SBOM for the image: {e.Message}");
        }
        await results.ReplaceComponentsAsync(context.ScanId, bom.Components, await tiers.GetAsync(), ct);
        await artifacts.SaveFileAsync(context.ScanId, ScanArtifacts.Sbom, sbom, ct);
        var packages = bom.Components.Count(c => c.Purl is not null);
        var withLicense = bom.Components.Count(c => c.DeclaredLicense is not null);
        await context.Log.WriteAsync(LogStream.Info, $"{packages} packages in the image ({withLicense} with a license)", ct);
        return $"{bom.Components.Count} components ({withLicense} with a declared license) from the image";
    }
}
