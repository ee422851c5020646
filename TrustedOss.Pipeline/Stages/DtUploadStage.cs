using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Health;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Tools;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// Stage `dt_upload`: the SBOM handed to the vulnerability matcher (`trivy sbom` on the local DB). With
/// no DB on disk the scan records `vulnerability_db: absent` and carries on: 0 findings plus a banner,
/// never a failure and never a download (spec "Scan finished but vulnerabilities are missing"). A container scan
/// first lists the image's packages into its components and SBOM (<see cref="ImageInventory"/>), whatever the DB.
/// </summary>
public sealed class DtUploadStage(TrivyTool trivy, ToolOptions tools, ScanArtifacts artifacts, ScanStateStore state, ImageInventory images) : IScanStage
{
    public string Slug => ScanPlan.DtUpload;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var inventory = context.Kind == ScanKind.Container ? await images.RunAsync(context, cancellationToken) + "; " : "";
        var db = TrivyDbState.Read(tools.TrivyCacheDir);
        await state.RecordVulnerabilityDbAsync(context.ScanId, db.State, db.UpdatedAt, cancellationToken);
        await artifacts.DeleteAsync(context.ScanId, ScanArtifacts.TrivyReport, cancellationToken);
        if (!db.Present)
        {
            await context.Log.WriteAsync(LogStream.Info,
                $"The trivy vulnerability DB is absent ({Path.Combine(tools.TrivyCacheDir, "db")}); the scan completes with 0 vulnerability findings and the re-match job fills them in once the DB lands", cancellationToken);
            return StageResult.Succeeded(inventory + "vulnerability DB absent");
        }

        var sbom = Path.Combine(context.Workspace.RootDir, "sbom-for-trivy.json");
        if (!await artifacts.RestoreFileAsync(context.ScanId, ScanArtifacts.Sbom, sbom, cancellationToken))
            throw new StageFailedException("No SBOM was recorded for this scan; the cdxgen stage did not complete.");
        var report = Path.Combine(context.Workspace.RootDir, "trivy-report.json");
        await context.Log.WriteAsync(LogStream.Info, $"Matching the SBOM against the local trivy DB (updated {db.UpdatedAt:u})", cancellationToken);
        var run = await trivy.ScanSbomAsync(sbom, report, context.Verbose, context.Log, cancellationToken);
        if (!run.Succeeded || !File.Exists(report))
            throw new StageFailedException($"trivy exited with code {run.ExitCode}: {run.StderrTail.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no error output"}");
        await artifacts.SaveFileAsync(context.ScanId, ScanArtifacts.TrivyReport, report, cancellationToken);
        return StageResult.Succeeded(inventory + "SBOM matched against the local DB");
    }
}
