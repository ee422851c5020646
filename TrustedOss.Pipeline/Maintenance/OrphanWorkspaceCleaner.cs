using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Workspaces;

namespace TrustedOss.Pipeline.Maintenance;

/// <summary>
/// Reclaims workspaces whose scan has ended or no longer exists (a worker died mid-stage, a cancel raced a
/// fetch). Runs on every instance: each instance cleans its own disk.
/// </summary>
public sealed class OrphanWorkspaceCleaner(NpgsqlDataSource db, ScanWorkspaces workspaces, MaintenanceOptions options, TimeProvider clock, ILogger<OrphanWorkspaceCleaner> logger)
{
    public async Task<int> RunAsync(CancellationToken ct)
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
}
