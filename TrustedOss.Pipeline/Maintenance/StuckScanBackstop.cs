using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Pipeline.Security;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Maintenance;

/// <summary>
/// Fails scans that stayed queued or running past the hard limit (spec: "Scan stuck running for ≥ 4 hours")
/// and terminates their orchestrations. The running activity's watcher sees the terminal status and stops its tool.
/// A terminated orchestration never reaches `ReclaimScan`, so the backstop deletes the failed scans' uploads itself
/// (the orphan cleaner reclaims their workspaces).
/// </summary>
public sealed class StuckScanBackstop(NpgsqlDataSource db, SingleFlight singleFlight, UploadStore uploads, MaintenanceOptions options, TimeProvider clock,
    ILogger<StuckScanBackstop> logger)
{
    public Task RunAsync(IScanScheduler scheduler, CancellationToken ct) => singleFlight.TryRunAsync(nameof(StuckScanBackstop), async token =>
    {
        var now = clock.GetUtcNow();
        var reason = $"stopped by the backstop: the scan exceeded the hard limit of {options.ScanHardLimit.TotalMinutes:0} minutes (SCAN_HARD_LIMIT_MINUTES)";
        var stuck = await StuckScansAsync(now - options.ScanHardLimit, token);

        // Terminated before the row fails: once it is failed, the watcher ends the running stage and the
        // orchestration would finish on its own, racing the terminate. An instance that is stuck for good
        // (a lost work item, a wedged worker) is ended only by this.
        foreach (var id in stuck) await TerminateAsync(scheduler, id, reason, token);

        var failed = await FailAsync(stuck, reason, now, token);
        foreach (var (id, upload) in failed)
        {
            logger.LogWarning("Scan {ScanId} {Reason}", id, reason);
            if (upload is not null && await uploads.TryDeleteAsync(upload, token) is { } error)
                logger.LogWarning("Deleting the upload of stuck scan {ScanId} failed: {Message}", id, error);
        }
    }, ct);

    private async Task<List<Guid>> StuckScansAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM scans WHERE status IN ('queued', 'running') AND COALESCE(started_at, created_at) < @cutoff",
            new { cutoff }, cancellationToken: ct))).AsList();
    }

    /// <summary>Best effort: the failed row alone already stops the scan's tool, so a task hub hiccup is logged and the row still fails.</summary>
    private async Task TerminateAsync(IScanScheduler scheduler, Guid scanId, string reason, CancellationToken ct)
    {
        try
        {
            await scheduler.TerminateAsync(scanId, reason, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Terminating the orchestration of stuck scan {ScanId} failed: {Message}", scanId, CredentialRedactor.Redact(e.Message));
        }
    }

    /// <summary>Re-checks the status: a scan that finished meanwhile keeps its own outcome. Returns the failed scans and their uploads.</summary>
    private async Task<List<(Guid Id, string? Upload)>> FailAsync(List<Guid> ids, string reason, DateTimeOffset now, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var changed = (await connection.QueryAsync<(Guid Id, string Before, string? Upload)>(new CommandDefinition(
            """
            UPDATE scans s SET status = 'failed', error_message = @reason, completed_at = @now, current_step = 'failed'
            FROM (SELECT id, status FROM scans WHERE id = ANY(@ids)) before
            WHERE s.id = before.id AND s.status IN ('queued', 'running')
            RETURNING s.id, before.status, s.metadata->>'upload'
            """, new { ids, reason, now }, tx, cancellationToken: ct))).AsList();
        foreach (var (id, before, _) in changed)
            await ScanStatusAudit.WriteAsync(connection, tx, id, before, ScanStatus.Failed, reason, ct);
        var failed = changed.Select(c => c.Id).ToList();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scan_stages SET state = 'skipped', detail = @reason, completed_at = @now WHERE scan_id = ANY(@failed) AND state IN ('pending', 'running')",
            new { failed, reason, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return changed.Select(c => (c.Id, c.Upload)).ToList();
    }
}
