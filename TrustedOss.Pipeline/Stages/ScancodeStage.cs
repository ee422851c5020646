using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Licenses;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Tools;

namespace TrustedOss.Pipeline.Stages;

/// <summary>
/// Stage `scancode`: licenses detected in the project's own files, each with its source_path. Best
/// effort by design (spec): no scancode → the built-in detector; too many files, a timeout or a tool
/// error → `skipped` with the reason, and the scan carries on with declared licenses only.
/// </summary>
public sealed class ScancodeStage(SourceCheckout checkout, ScancodeTool scancode, BuiltInLicenseDetector detector, LicenseScanOptions limits,
    TierCatalogSource tiers, ScanResultsRepository results) : IScanStage
{
    public string Slug => ScanPlan.Scancode;

    public async Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var src = await checkout.EnsureAsync(context, cancellationToken);
        var log = context.Log;
        LicenseScanResult result;
        if (scancode.Locate() is { } executable)
        {
            await log.WriteAsync(LogStream.Info, $"Running scancode ({executable}) on first-party files", cancellationToken);
            result = await WithinLimitsAsync(src, () => scancode.ScanAsync(executable, src, Path.Combine(context.Workspace.RootDir, "scancode.json"), context.Verbose, log, cancellationToken), cancellationToken);
        }
        else
        {
            await log.WriteAsync(LogStream.Info, "scancode_stage: scancode is not installed; using the built-in detector (SPDX tags, license files, license headers)", cancellationToken);
            Func<string, CancellationToken, ValueTask>? perFile = context.Verbose ? (path, ct) => log.WriteAsync(LogStream.Info, $"scanned {path}", ct) : null;
            result = await detector.ScanAsync(src, cancellationToken, perFile);
        }

        foreach (var warning in result.Warnings) await log.WriteAsync(LogStream.Info, warning, cancellationToken);
        if (result.Skipped)
        {
            await log.WriteAsync(LogStream.Info, $"scancode_stage_skipped: {result.SkipReason}; continuing with declared licenses only", cancellationToken);
            return StageResult.Skipped(result.SkipReason ?? "license detection skipped");
        }

        await results.ReplaceDetectedLicensesAsync(context.ScanId, result.Findings, await tiers.GetAsync(), cancellationToken);
        foreach (var finding in result.Findings)
            await log.WriteAsync(LogStream.Info, $"detected {finding.SpdxExpression} in {finding.SourcePath} ({finding.Method.ToWire()}, {finding.Confidence}%)", cancellationToken);
        return StageResult.Succeeded($"{result.Findings.Count} detected licenses in {result.FilesScanned} files");
    }

    /// <summary>scancode gets the same file-count and time limits the built-in detector enforces itself.</summary>
    private async Task<LicenseScanResult> WithinLimitsAsync(string src, Func<Task<LicenseScanResult>> scan, CancellationToken cancellationToken)
    {
        var files = SourceTreeWalker.Walk(src, limits.MaxFiles, cancellationToken);
        if (files is null) return LicenseScanResult.Skip($"the first-party tree has more than {limits.MaxFiles} files (SCANCODE_MAX_FILES)");
        try
        {
            return await scan();
        }
        catch (ToolTimeoutException)
        {
            return LicenseScanResult.Skip($"scancode timed out after {limits.Timeout.TotalSeconds:0} s (SCANCODE_TIMEOUT_SECONDS)");
        }
    }
}
