using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using TrustedOss.Pipeline.Audit;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Progress;
using TrustedOss.Pipeline.Security;

namespace TrustedOss.Pipeline.Scans;

/// <summary>
/// Cancel a scan (spec "Cancel a scan"): the status flips to `cancelled` in PostgreSQL first (the
/// source of truth), then the orchestration gets its event. A lost event cannot leave the scan running:
/// the running activity's <see cref="ScanCancellationWatcher"/> polls the row and kills the tool.
/// </summary>
public sealed class ScanCancellation(NpgsqlDataSource db, ScanQueries queries, ScanFrameSender frames, TimeProvider clock, ILogger<ScanCancellation> logger)
{
    public const string CancelledByUser = "cancelled by user";

    public async Task<ScanView> CancelAsync(Caller caller, Guid scanId, IScanScheduler scheduler, CancellationToken ct)
    {
        var teamId = await queries.TeamOfVisibleScanAsync(caller, scanId, ct);
        if (!caller.Has(teamId, TeamRole.Developer))
            throw Problem.Forbidden("You need the developer role on the scan's team to cancel it.").ToException();

        await using (var connection = await db.OpenConnectionAsync(ct))
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            var before = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                "SELECT status FROM scans WHERE id = @scanId FOR UPDATE", new { scanId }, tx, cancellationToken: ct));
            if (before is null || ScanStatus.IsTerminal(before))
                throw Problem.Conflict("Scan already finished", "This scan already finished and can no longer be cancelled.",
                    new Dictionary<string, object?> { ["scan_already_cancelled"] = true, ["scan_status"] = before }).ToException();
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE scans SET status = 'cancelled', completed_at = @now, error_message = @reason WHERE id = @scanId",
                new { scanId, now, reason = CancelledByUser }, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE scan_stages SET state = 'skipped', detail = @reason, completed_at = @now WHERE scan_id = @scanId AND state = 'pending'",
                new { scanId, now, reason = CancelledByUser }, tx, cancellationToken: ct));
            await AuditLog.WriteAsync(connection, tx, caller, teamId, "scans", scanId.ToString(), AuditAction.Update,
                new { status = before }, new { status = ScanStatus.Cancelled, error_message = CancelledByUser }, ct);
            await tx.CommitAsync(ct);
        }

        var view = await queries.GetAsync(caller, scanId, ct);
        await frames.ProgressAsync(scanId, ScanStatus.Cancelled, view.ProgressPercent);
        try
        {
            await scheduler.RaiseCancelAsync(scanId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row is already cancelled; the activity's watcher stops the tool regardless.
            logger.LogWarning("Raising the cancel event for scan {ScanId} failed: {Message}", scanId, CredentialRedactor.Redact(e.Message));
        }
        return view;
    }
}
