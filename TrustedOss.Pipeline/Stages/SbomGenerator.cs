using TrustedOss.Pipeline.Sbom;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Stages;

/// <param name="SbomPath">The CycloneDX 1.4 JSON SBOM in the workspace.</param>
/// <param name="ComponentCount">Components in the SBOM, nested ones included.</param>
/// <param name="ManifestCount">Dependency manifests found in the source tree.</param>
public sealed record CdxgenResult(string SbomPath, int ComponentCount, int ManifestCount);

/// <summary>
/// Generates the SBOM and refuses to call a run a success when it is not one — no
/// file, a file that is not CycloneDX JSON, a non-zero exit, or 0 components where manifests exist.
/// </summary>
public sealed class SbomGenerator(CdxgenTool cdxgen)
{
    public async Task<CdxgenResult> RunAsync(ScanWorkspace workspace, bool verbose, IStageLog log, CancellationToken cancellationToken)
    {
        var manifests = ManifestCounter.Scan(workspace.SourceDir);
        await log.WriteAsync(LogStream.Info, $"Found {manifests.Manifests.Count} dependency manifests", cancellationToken);
        foreach (var path in manifests.NpmWithoutLock)
            await log.WriteAsync(LogStream.Info, $"{path} has dependencies but no lock file: cdxgen does not install packages (no network), so they cannot be resolved; commit package-lock.json", cancellationToken);

        File.Delete(workspace.SbomPath); // a retried stage must not read the previous attempt's file
        ToolResult run;
        try
        {
            run = await cdxgen.GenerateAsync(workspace.SourceDir, workspace.SbomPath, verbose, log, cancellationToken);
        }
        catch (ToolTimeoutException ex)
        {
            throw new StageFailedException(ex.Message, ex);
        }

        if (!run.Succeeded)
            throw new StageFailedException($"cdxgen exited with code {run.ExitCode}: {LastLine(run.StderrTail)}");
        if (!File.Exists(workspace.SbomPath) || new FileInfo(workspace.SbomPath).Length == 0)
            throw new StageFailedException("cdxgen reported success but wrote no SBOM.");

        int components;
        try
        {
            components = await SbomComponentCount.ReadAsync(workspace.SbomPath, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new StageFailedException($"cdxgen wrote an unusable SBOM: {ex.Message}.", ex);
        }

        if (components == 0 && manifests.Manifests.Count > 0)
        {
            var hint = manifests.NpmWithoutLock.Count > 0 ? " (package.json without a lock file: commit package-lock.json)" : "";
            throw new StageFailedException($"0 components from {manifests.Manifests.Count} manifests{hint}.");
        }

        await log.WriteAsync(LogStream.Info, $"SBOM has {components} components", cancellationToken);
        return new CdxgenResult(workspace.SbomPath, components, manifests.Manifests.Count);
    }

    private static string LastLine(IReadOnlyList<string> stderrTail) =>
        stderrTail.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no error output";
}
