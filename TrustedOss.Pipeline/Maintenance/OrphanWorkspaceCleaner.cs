using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Maintenance;

/// <summary>
/// Reclaims what an ended scan left behind when its own reclaim never ran (a worker died mid-stage, a cancel raced a
/// fetch, a scan that could not be scheduled while storage was down): workspaces whose scan has ended or no longer
/// exists, and uploaded sources/images of scans that have ended. Runs on every instance: each instance cleans its own
/// disk, and deleting an upload twice is harmless.
/// </summary>
public sealed class OrphanWorkspaceCleaner(NpgsqlDataSource db, ScanWorkspaces workspaces, UploadStore uploads, MaintenanceOptions options, TimeProvider clock,
    ILogger<OrphanWorkspaceCleaner> logger)
{
    public async Task<int> RunAsync(CancellationToken ct) => await ReclaimWorkspacesAsync(ct) + await ReclaimUploadsAsync(ct);

    private async Task<int> ReclaimWorkspacesAsync(CancellationToken ct)
    {
        var candidates = workspaces.ListScanIds()
            .Where(id => clock.GetUtcNow() - Directory.GetLastWriteTimeUtc(workspaces.Get(id).RootDir) > options.OrphanWorkspaceAge)
            .ToArray();
        if (candidates.Length == 0) return 0;
        await using var connection = await db.OpenConnectionAsync(ct);
        var active = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM scans WHERE id = ANY(@candidates) AND status IN ('queued', 'running')", new { candidates }, cancellationToken: ct))).ToHashSet();
        var reclaimed = 0;
        foreach (var id in candidates.Where(id => !active.Contains(id)))
        {
            workspaces.Get(id).Delete();
            reclaimed++;
            logger.LogInformation("Reclaimed the orphaned workspace of scan {ScanId}", id);
        }
        return reclaimed;
    }

    /// <summary>
    /// Only uploads whose scan row says it ended: a blob is stored after its row is inserted, so one without a row in
    /// this database is another deployment's (a shared storage account) or a test's, and is left alone.
    /// </summary>
    private async Task<int> ReclaimUploadsAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - options.OrphanWorkspaceAge;
        var old = new List<UploadStore.StoredUpload>();
        await foreach (var upload in uploads.ListAsync(ct))
            if (upload.WrittenAt < cutoff) old.Add(upload);
        if (old.Count == 0) return 0;
        var candidates = old.Select(u => u.ScanId).Distinct().ToArray();
        await using var connection = await db.OpenConnectionAsync(ct);
        var ended = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM scans WHERE id = ANY(@candidates) AND status IN ('succeeded', 'failed', 'cancelled')", new { candidates }, cancellationToken: ct))).ToHashSet();
        var reclaimed = 0;
        foreach (var upload in old.Where(u => ended.Contains(u.ScanId)))
        {
            await uploads.DeleteAsync(upload.BlobName, ct);
            reclaimed++;
            logger.LogInformation("Reclaimed the orphaned upload {Blob} of scan {ScanId}", upload.BlobName, upload.ScanId);
        }
        return reclaimed;
    }
}
