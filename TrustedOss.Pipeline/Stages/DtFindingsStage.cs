using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Vulnerabilities;

namespace TrustedOss.Pipeline.Stages;

/// <summary>Stage `dt_findings`: trivy's report parsed and the scan's vulnerability findings persisted (replacing any earlier attempt's).</summary>
public sealed class DtFindingsStage(ScanArtifacts artifacts, ScanResultsRepository results) : IScanStage
{
    public string Slug => ScanPlan.DtFindings;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var report = Path.Combine(context.Workspace.RootDir, "trivy-report.json");
        IReadOnlyList<VulnerabilityFinding> findings = await artifacts.RestoreFileAsync(context.ScanId, ScanArtifacts.TrivyReport, report, cancellationToken)
            ? await TrivyReportParser.ParseFileAsync(report, cancellationToken)
            : [];
        await results.ReplaceVulnerabilityFindingsAsync(context.ScanId, findings, cancellationToken);
        foreach (var group in findings.GroupBy(f => f.Severity).OrderBy(g => g.Key))
            await context.Log.WriteAsync(LogStream.Info, $"{group.Count()} {group.Key} findings", cancellationToken);
        return StageResult.Succeeded($"{findings.Count} vulnerability findings");
    }
}
