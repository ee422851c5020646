using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Maintenance;

/// <summary>
/// Fails scans that stayed queued or running past the hard limit (spec: "Scan stuck running for ≥ 4 hours").
/// The running activity's watcher sees the terminal status and stops its tool.
/// </summary>
public sealed class StuckScanBackstop(NpgsqlDataSource db, SingleFlight singleFlight, MaintenanceOptions options, TimeProvider clock, ILogger<StuckScanBackstop> logger)
{
    public Task RunAsync(CancellationToken ct) => singleFlight.TryRunAsync(nameof(StuckScanBackstop), async token =>
    {
        var now = clock.GetUtcNow();
        var reason = $"stopped by the backstop: the scan exceeded the hard limit of {options.ScanHardLimit.TotalMinutes:0} minutes (SCAN_HARD_LIMIT_MINUTES)";
        await using var connection = await db.OpenConnectionAsync(token);
        await using var tx = await connection.BeginTransactionAsync(token);
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
            """
            UPDATE scans SET status = 'failed', error_message = @reason, completed_at = @now, current_step = 'failed'
            WHERE status IN ('queued', 'running') AND COALESCE(started_at, created_at) < @cutoff
            RETURNING id
            """, new { reason, now, cutoff = now - options.ScanHardLimit }, tx, cancellationToken: token))).AsList();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scan_stages SET state = 'skipped', detail = @reason, completed_at = @now WHERE scan_id = ANY(@ids) AND state IN ('pending', 'running')",
            new { ids, reason, now }, tx, cancellationToken: token));
        await tx.CommitAsync(token);
        foreach (var id in ids) logger.LogWarning("Scan {ScanId} {Reason}", id, reason);
    }, ct);
}
