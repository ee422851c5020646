using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Audit;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Images;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Projects;
using TrustedOss.Pipeline.Security;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Scans;

/// <summary>
/// Trigger a scan (spec "Trigger a scan", ARCHITECTURE §4): authorize → validate → insert `queued` with
/// its stages pending (the partial unique index turns a race into 409) → audit → schedule the
/// orchestration. A scan that cannot be scheduled becomes `failed`, never a queued ghost.
/// </summary>
public sealed class ScanTrigger(NpgsqlDataSource db, ProjectService projects, ScanQueries queries, UploadStore uploads, TimeProvider clock, ILogger<ScanTrigger> logger)
{
    public async Task<ScanView> TriggerAsync(Caller caller, Guid projectId, TriggerScanRequest request, ScanUpload? upload, IScanScheduler scheduler, CancellationToken ct)
    {
        var project = await projects.GetSourceAsync(caller, projectId, ct);
        if (!caller.Has(project.TeamId, TeamRole.Developer))
            throw Problem.Forbidden("You need the developer role on the project's team to start scans.").ToException();
        var (kind, metadata) = ScanRequestRules.Validate(request, upload is not null);
        if (kind == ScanKind.Source && upload is null && project.GitUrl is null)
            throw Problem.Invalid("source", "The project has no git_url: set one, or upload the source as a .zip.").ToException();
        if (upload is not null) CheckUploadName(kind, upload.FileName);
        // The scan records the ref it clones, fixed at trigger time: the override, else the project's default_branch
        // as it is now (a later change of default_branch does not move a queued scan).
        if (kind == ScanKind.Source && upload is null) metadata = metadata with { Ref = metadata.Ref ?? project.DefaultBranch };
        if (upload is not null && kind == ScanKind.Container) await CheckImageArchiveAsync(upload, ct);

        var scanId = Guid.CreateVersion7(clock.GetUtcNow());
        await InsertQueuedAsync(caller, project, scanId, kind, metadata, ct);

        if (upload is not null)
        {
            try
            {
                var blob = await uploads.SaveAsync(scanId, upload.FileName, upload.Content, ct);
                metadata = metadata with { Upload = blob };
                await SetMetadataAsync(scanId, metadata, ct);
            }
            catch (Exception e)
            {
                await MarkFailedAsync(scanId, e is ProblemException p ? p.Problem.Detail : "The upload could not be stored.", CancellationToken.None);
                throw e is ProblemException ? e : Problem.Unavailable("Upload storage unavailable", "The upload could not be stored; try again shortly.").ToException();
            }
        }

        try
        {
            await scheduler.ScheduleAsync(new ScanOrchestrationInput(scanId, kind.ToString().ToLowerInvariant()), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError("Scheduling scan {ScanId} failed: {Message}", scanId, CredentialRedactor.Redact(e.Message));
            await MarkFailedAsync(scanId, "The scan could not be scheduled: the durable task hub is unavailable.", CancellationToken.None);
            // Best effort: no orchestration will reclaim an unscheduled scan's upload, and storage is likely down too.
            if (metadata.Upload is { } stored && await uploads.TryDeleteAsync(stored, CancellationToken.None) is { } error)
                logger.LogWarning("Deleting the upload of unscheduled scan {ScanId} failed: {Message}", scanId, error);
            throw Problem.Unavailable("Scan could not be scheduled", "The scan engine's task hub is unavailable; the scan was marked failed. Try again shortly.",
                new Dictionary<string, object?> { ["scan_id"] = scanId }).ToException();
        }
        return await queries.GetAsync(caller, scanId, ct);
    }

    private async Task InsertQueuedAsync(Caller caller, ProjectSource project, Guid scanId, ScanKind kind, ScanMetadata metadata, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO scans (id, project_id, kind, status, metadata, created_by, created_at, current_step, progress_percent)
                VALUES (@scanId, @projectId, @kind, 'queued', @metadata::jsonb, @userId, @now, NULL, 0)
                """,
                new { scanId, projectId = project.ProjectId, kind = kind.ToString().ToLowerInvariant(), metadata = JsonSerializer.Serialize(metadata, ApiJson.Options),
                    userId = caller.UserId == Guid.Empty ? (Guid?)null : caller.UserId, now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "scans_one_active_per_project")
        {
            await tx.RollbackAsync(CancellationToken.None);
            var active = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "SELECT id FROM scans WHERE project_id = @projectId AND status IN ('queued','running')", new { projectId = project.ProjectId }, cancellationToken: ct));
            throw Problem.Conflict("Scan already in progress",
                "This project already has a queued or running scan. Wait for it to finish or cancel it before starting another.",
                new Dictionary<string, object?> { ["scan_already_in_progress"] = true, ["active_scan_id"] = active }).ToException();
        }
        var stages = ScanPlan.StagesFor(kind).Select((stage, i) => new { scanId, stage, ordinal = i });
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scan_stages (scan_id, stage, ordinal, state) VALUES (@scanId, @stage, @ordinal, 'pending')", stages, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(connection, tx, caller, project.TeamId, "scans", scanId.ToString(), AuditAction.Create, null,
            new { id = scanId, project_id = project.ProjectId, kind = kind.ToString().ToLowerInvariant(), status = ScanStatus.Queued, metadata }, ct);
        await tx.CommitAsync(ct);
    }

    private async Task SetMetadataAsync(Guid scanId, ScanMetadata metadata, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE scans SET metadata = @metadata::jsonb WHERE id = @scanId",
            new { scanId, metadata = JsonSerializer.Serialize(metadata, ApiJson.Options) }, cancellationToken: ct));
    }

    private async Task MarkFailedAsync(Guid scanId, string reason, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE scans SET status = 'failed', error_message = @reason, completed_at = @now WHERE id = @scanId AND status = 'queued'",
            new { scanId, reason, now = clock.GetUtcNow() }, tx, cancellationToken: ct));
        if (changed > 0) await ScanStatusAudit.WriteAsync(connection, tx, scanId, ScanStatus.Queued, ScanStatus.Failed, reason, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>An image upload must be a docker-save or OCI archive before a scan exists for it (headers only; rewound after).</summary>
    private static async Task CheckImageArchiveAsync(ScanUpload upload, CancellationToken ct)
    {
        if (!upload.Content.CanSeek) throw new InvalidOperationException("The upload stream must be seekable to be checked before it is stored.");
        try
        {
            await ImageArchiveInspector.InspectAsync(upload.Content, ct);
        }
        catch (InvalidImageArchiveException e)
        {
            throw Problem.Invalid("file", e.Message).ToException();
        }
        upload.Content.Position = 0;
    }

    private static void CheckUploadName(ScanKind kind, string fileName)
    {
        var ok = kind == ScanKind.Source
            ? fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
            : fileName.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
        if (!ok) throw Problem.Invalid("file", kind == ScanKind.Source
            ? "A source upload must be a .zip archive."
            : "An image upload must be a docker-save or OCI archive (.tar, .tar.gz).").ToException();
    }
}
