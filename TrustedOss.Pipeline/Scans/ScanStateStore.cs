using System.Text.Json;
using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Api;

namespace TrustedOss.Pipeline.Scans;

/// <summary>
/// The scan and stage state transitions that activities write. Every update is guarded by the scan
/// not being terminal, so a cancel committed by the API always wins over a late stage write.
/// </summary>
public sealed class ScanStateStore(NpgsqlDataSource db, TimeProvider clock)
{
    /// <summary>What a stage needs to run, or null when the scan already ended (cancelled, failed).</summary>
    public sealed record ActiveScan(Guid ScanId, Guid ProjectId, ScanKind Kind, ScanMetadata Metadata, string? GitUrl, string Branch);

    public async Task<ActiveScan?> BeginStageAsync(Guid scanId, string stage, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        // `before` reads the row as it was before this statement, so the first stage knows it moved the scan out of the queue.
        var row = await connection.QuerySingleOrDefaultAsync<(Guid ProjectId, string Kind, string Metadata, string? GitUrl, string Branch, string Before)>(new CommandDefinition(
            """
            UPDATE scans s SET status = 'running', started_at = COALESCE(s.started_at, @now), current_step = @stage, progress_percent = @percent
            FROM projects p, (SELECT status FROM scans WHERE id = @scanId) before
            WHERE s.id = @scanId AND p.id = s.project_id AND s.status IN ('queued', 'running')
            RETURNING s.project_id, s.kind, s.metadata::text, p.git_url, p.default_branch, before.status
            """, new { scanId, stage, now, percent = ScanPlan.PercentAtStart(stage) }, tx, cancellationToken: ct));
        if (row.ProjectId == Guid.Empty) return null;
        if (row.Before == ScanStatus.Queued)
            await ScanStatusAudit.WriteAsync(connection, tx, scanId, ScanStatus.Queued, ScanStatus.Running, null, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scan_stages SET state = 'running', started_at = @now, completed_at = NULL, detail = NULL WHERE scan_id = @scanId AND stage = @stage",
            new { scanId, stage, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        var metadata = JsonSerializer.Deserialize<ScanMetadata>(row.Metadata, ApiJson.Options)!;
        return new ActiveScan(scanId, row.ProjectId, row.Kind == "container" ? ScanKind.Container : ScanKind.Source, metadata, row.GitUrl,
            metadata.Ref ?? row.Branch);
    }

    public async Task FinishStageAsync(Guid scanId, string stage, string state, string? detail, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scan_stages SET state = @state, detail = @detail, completed_at = @now WHERE scan_id = @scanId AND stage = @stage",
            new { scanId, stage, state, detail, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>The scan fails with a one-line reason; the stage that failed says so and the rest are skipped.</summary>
    public async Task FailScanAsync(Guid scanId, string stage, string reason, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var before = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT status FROM scans WHERE id = @scanId AND status IN ('queued', 'running') FOR UPDATE", new { scanId }, tx, cancellationToken: ct));
        if (before is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE scans SET status = 'failed', error_message = @reason, completed_at = @now, current_step = 'failed' WHERE id = @scanId",
                new { scanId, reason, now }, tx, cancellationToken: ct));
            await ScanStatusAudit.WriteAsync(connection, tx, scanId, before, ScanStatus.Failed, reason, ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE scan_stages SET state = 'failed', detail = @reason, completed_at = @now WHERE scan_id = @scanId AND stage = @stage",
                new { scanId, stage, reason, now }, tx, cancellationToken: ct));
            await SkipOpenStagesAsync(connection, tx, scanId, "skipped: an earlier stage failed", now, ct);
        }
        await tx.CommitAsync(ct);
    }

    public async Task SucceedScanAsync(Guid scanId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scans SET status = 'succeeded', completed_at = @now, current_step = 'succeeded', progress_percent = 100 WHERE id = @scanId AND status = 'running'",
            new { scanId, now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        if (changed > 0) await ScanStatusAudit.WriteAsync(connection, tx, scanId, ScanStatus.Running, ScanStatus.Succeeded, null, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>After a cancel (or the backstop): the stage that was running and any pending ones end as skipped with the reason.</summary>
    public async Task CloseCancelledStagesAsync(Guid scanId, string reason, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await SkipOpenStagesAsync(connection, tx, scanId, reason, clock.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
    }

    public async Task<string?> StatusAsync(Guid scanId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT status FROM scans WHERE id = @scanId", new { scanId }, cancellationToken: ct));
    }

    /// <summary>The storage blob of the scan's uploaded source or image, if it had one.</summary>
    public async Task<string?> UploadOfAsync(Guid scanId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT metadata->>'upload' FROM scans WHERE id = @scanId", new { scanId }, cancellationToken: ct));
    }

    public async Task RecordCommitAsync(Guid scanId, string? commitSha, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE scans SET commit_sha = @commitSha WHERE id = @scanId", new { scanId, commitSha }, cancellationToken: ct));
    }

    public async Task RecordVulnerabilityDbAsync(Guid scanId, string state, DateTimeOffset? updatedAt, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scans SET vulnerability_db = @state, vulnerability_db_updated_at = @updatedAt WHERE id = @scanId",
            new { scanId, state, updatedAt }, cancellationToken: ct));
    }

    private static Task SkipOpenStagesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid scanId, string detail, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scan_stages SET state = 'skipped', detail = @detail, completed_at = @now WHERE scan_id = @scanId AND state IN ('pending', 'running')",
            new { scanId, detail, now }, tx, cancellationToken: ct));
}
