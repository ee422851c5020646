using System.Text.Json;
using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Projects;

namespace TrustedOss.Pipeline.Scans;

/// <summary>Reads of scans and their stages; always team-scoped (other teams' scans are 404).</summary>
public sealed class ScanQueries(NpgsqlDataSource db, ProjectService projects)
{
    public const int DefaultQueueLimit = 100;
    public const int MaxQueueLimit = 500;

    // The project name falls back to the first 8 characters of its id (spec: the global scan queue).
    private const string SelectScan =
        """
        SELECT s.id, s.project_id, COALESCE(p.name, left(s.project_id::text, 8)) AS project_name, p.team_id, s.kind, s.status,
               s.metadata::text AS metadata, s.current_step, s.progress_percent, s.created_at, s.started_at, s.completed_at,
               s.error_message, s.commit_sha, s.vulnerability_db, s.vulnerability_db_updated_at,
               (SELECT count(*) FROM scan_components c WHERE c.scan_id = s.id)::int AS components,
               (SELECT count(DISTINCT expression) FROM license_findings l WHERE l.scan_id = s.id)::int AS licenses,
               (SELECT count(*) FROM vulnerability_findings v WHERE v.scan_id = s.id)::int AS vulnerabilities
        FROM scans s LEFT JOIN projects p ON p.id = s.project_id
        """;

    public async Task<ScanView> GetAsync(Caller caller, Guid scanId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ScanRow>(new CommandDefinition(SelectScan + " WHERE s.id = @scanId", new { scanId }, cancellationToken: ct));
        if (row?.TeamId is not { } teamId || !caller.CanSee(teamId)) throw Problem.NotFound("scan", scanId).ToException();
        return row.ToView();
    }

    /// <summary>The team id of a visible scan (for writes that need the role check).</summary>
    public async Task<Guid> TeamOfVisibleScanAsync(Caller caller, Guid scanId, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var teamId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT p.team_id FROM scans s JOIN projects p ON p.id = s.project_id WHERE s.id = @scanId", new { scanId }, cancellationToken: ct));
        if (teamId is not { } team || !caller.CanSee(team)) throw Problem.NotFound("scan", scanId).ToException();
        return team;
    }

    /// <summary>The global queue (GET /v1/scans?status=…): newest first, one round-trip including project names.</summary>
    public async Task<IReadOnlyList<ScanView>> ListAsync(Caller caller, string? status, int? limit, int? offset, CancellationToken ct)
    {
        status ??= "all";
        if (status is not ("all" or ScanStatus.Queued or ScanStatus.Running or ScanStatus.Succeeded or ScanStatus.Failed or ScanStatus.Cancelled))
            throw Problem.Invalid("status", "'status' must be one of running, queued, succeeded, failed, cancelled, all.").ToException();
        var (take, skip) = Page(limit, offset);
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ScanRow>(new CommandDefinition(
            SelectScan + " WHERE (@status = 'all' OR s.status = @status) AND (@all OR p.team_id = ANY(@teams)) ORDER BY s.created_at DESC, s.id LIMIT @take OFFSET @skip",
            new { status, all = caller.IsSuperAdmin, teams = caller.Roles.Keys.ToArray(), take, skip }, cancellationToken: ct));
        return rows.Select(r => r.ToView()).ToArray();
    }

    /// <summary>GET /v1/projects/{id}/scans: the project's scans, newest first.</summary>
    public async Task<IReadOnlyList<ScanView>> ListForProjectAsync(Caller caller, Guid projectId, int? limit, int? offset, CancellationToken ct)
    {
        var (take, skip) = Page(limit, offset);
        await projects.GetAsync(caller, projectId, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ScanRow>(new CommandDefinition(
            SelectScan + " WHERE s.project_id = @projectId ORDER BY s.created_at DESC, s.id LIMIT @take OFFSET @skip", new { projectId, take, skip }, cancellationToken: ct));
        return rows.Select(r => r.ToView()).ToArray();
    }

    private static (int Take, int Skip) Page(int? limit, int? offset)
    {
        var take = limit ?? DefaultQueueLimit;
        if (take is < 1 or > MaxQueueLimit) throw Problem.Invalid("limit", $"'limit' must be between 1 and {MaxQueueLimit}.").ToException();
        var skip = offset ?? 0;
        if (skip < 0) throw Problem.Invalid("offset", "'offset' must be 0 or more.").ToException();
        return (take, skip);
    }

    public async Task<IReadOnlyList<StageView>> StagesAsync(Caller caller, Guid scanId, CancellationToken ct)
    {
        await TeamOfVisibleScanAsync(caller, scanId, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<StageView>(new CommandDefinition(
            "SELECT stage, ordinal, state, detail, started_at, completed_at FROM scan_stages WHERE scan_id = @scanId ORDER BY ordinal",
            new { scanId }, cancellationToken: ct))).AsList();
    }

    private sealed record ScanRow(
        Guid Id, Guid ProjectId, string ProjectName, Guid? TeamId, string Kind, string Status, string Metadata, string? CurrentStep, int ProgressPercent,
        DateTime CreatedAt, DateTime? StartedAt, DateTime? CompletedAt, string? ErrorMessage, string? CommitSha, string? VulnerabilityDb,
        DateTime? VulnerabilityDbUpdatedAt, int Components, int Licenses, int Vulnerabilities)
    {
        public ScanView ToView() => new(Id, ProjectId, ProjectName, Kind, Status,
            JsonSerializer.Deserialize<ScanMetadata>(Metadata, ApiJson.Options)!, CurrentStep, ProgressPercent, CreatedAt, StartedAt, CompletedAt,
            ErrorMessage, CommitSha, VulnerabilityDb, VulnerabilityDbUpdatedAt, new ScanCounts(Components, Licenses, Vulnerabilities));
    }
}
