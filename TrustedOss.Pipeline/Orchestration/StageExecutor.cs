using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Security;
using TrustedOss.Pipeline.Stages;
using TrustedOss.Pipeline.Tools;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Orchestration;

/// <summary>
/// What every stage activity does around its stage: mark it running, give it a log and a token that
/// fires on cancel, record how it ended. A tool's failure fails the scan (never retried); anything
/// unexpected propagates so the orchestrator's retry policy can judge it.
/// </summary>
public sealed class StageExecutor(
    ScanStateStore state, IEnumerable<IScanStage> stages, NpgsqlDataSource db, TimeProvider clock,
    ScanLogOptions logOptions, ScanWorkspaces workspaces, ScanFrameSender frames, ILogger<StageExecutor> logger)
{
    /// <summary>This app instance, as the app log names it: with several instances on one task hub, any of them runs a stage.</summary>
    private static readonly string Instance = $"{Environment.MachineName}/{Environment.ProcessId}";

    public async Task<StageOutcome> RunAsync(string slug, ScanOrchestrationInput input, CancellationToken hostToken)
    {
        var scan = await state.BeginStageAsync(input.ScanId, slug, hostToken);
        if (scan is null)
            return new StageOutcome(slug, StageState.Skipped, await state.StatusAsync(input.ScanId, hostToken) ?? ScanStatus.Cancelled);

        var stage = stages.Single(s => s.Slug == slug);
        logger.LogInformation("Scan {ScanId}: stage {Stage} running on {Instance}", scan.ScanId, slug, Instance);
        await frames.ProgressAsync(scan.ScanId, slug, ScanPlan.PercentAtStart(slug));
        await frames.StageAsync(scan.ScanId, slug, StageState.Running);
        await using var log = await ScanLogWriter.OpenAsync(db, clock, logOptions, input.ScanId, slug, frames, hostToken);
        await using var watcher = ScanCancellationWatcher.Start(state, input.ScanId, hostToken, clock);
        var context = new StageContext(scan.ScanId, scan.ProjectId, scan.Kind, scan.Metadata, scan.GitUrl, scan.Branch,
            workspaces.Get(scan.ScanId), log);
        var started = clock.GetTimestamp();
        try
        {
            var result = await stage.RunAsync(context, watcher.Token);
            await log.InfoAsync($"{slug} {result.State} in {clock.GetElapsedTime(started).TotalSeconds:0.0} s{(result.Detail is null ? "" : ": " + result.Detail)}");
            await log.FlushAsync();
            await state.FinishStageAsync(scan.ScanId, slug, result.State, result.Detail, CancellationToken.None);
            await frames.StageAsync(scan.ScanId, slug, result.State);
            if (slug != ScanPlan.Finalize) return new StageOutcome(slug, result.State, Detail: result.Detail);
            await state.SucceedScanAsync(scan.ScanId, CancellationToken.None);
            await frames.ProgressAsync(scan.ScanId, ScanStatus.Succeeded, 100);
            return new StageOutcome(slug, result.State, ScanStatus.Succeeded, result.Detail);
        }
        catch (OperationCanceledException) when (watcher.EndedAs is { } ended)
        {
            var reason = ended == ScanStatus.Cancelled ? ScanCancellation.CancelledByUser : $"the scan was marked {ended} while this stage ran";
            await log.InfoAsync($"{slug} stopped: {reason}");
            await log.FlushAsync();
            await state.CloseCancelledStagesAsync(scan.ScanId, reason, CancellationToken.None);
            await frames.StageAsync(scan.ScanId, slug, StageState.Skipped);
            return new StageOutcome(slug, StageState.Skipped, ended, reason);
        }
        catch (Exception e) when (e is StageFailedException or ToolTimeoutException)
        {
            var reason = CredentialRedactor.Redact(e.Message);
            logger.LogWarning("Scan {ScanId} failed at {Stage}: {Reason}", scan.ScanId, slug, reason);
            await log.WriteAsync(LogStream.Stderr, $"{slug} failed: {reason}");
            await log.FlushAsync();
            await state.FailScanAsync(scan.ScanId, slug, reason, CancellationToken.None);
            await frames.StageAsync(scan.ScanId, slug, StageState.Failed);
            await frames.ProgressAsync(scan.ScanId, ScanStatus.Failed, ScanPlan.PercentAtStart(slug));
            return new StageOutcome(slug, StageState.Failed, ScanStatus.Failed, reason);
        }
    }
}
