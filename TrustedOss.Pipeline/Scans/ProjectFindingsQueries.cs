using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Projects;

namespace TrustedOss.Pipeline.Scans;

public sealed record ComponentView(string Purl, string Name, string? Version, string Type, string? Scope, string? DeclaredLicense, string LegalTier, string? ManifestPath);
public sealed record LicenseFindingView(string Expression, string Origin, string LegalTier, string? ComponentPurl, string? SourcePath, int? Confidence, string? Method);
public sealed record VulnerabilityFindingView(
    string Id, string Severity, string PackageName, string? InstalledVersion, string? FixedVersion, string? Title, decimal? CvssScore,
    decimal? EpssScore, bool KnownExploited, string ScanKind, Guid ScanId, string? Target, string? Purl, string? ManifestPath);

/// <summary>What a project's latest succeeded scans found (GET /v1/projects/{id}/components|licenses|vulnerabilities).</summary>
public sealed class ProjectFindingsQueries(NpgsqlDataSource db, ProjectService projects)
{
    // The latest succeeded scan of each kind (source findings and container findings both count), or the one succeeded
    // scan the filter names.
    private const string LatestScans =
        """
        WITH latest AS (
            SELECT DISTINCT ON (kind) id, kind FROM scans
            WHERE project_id = @projectId AND status = 'succeeded' AND (@scanId::uuid IS NULL OR id = @scanId)
            ORDER BY kind, completed_at DESC
        )
        """;

    public async Task<IReadOnlyList<ComponentView>> ComponentsAsync(Caller caller, Guid projectId, FindingsFilter filter, CancellationToken ct)
    {
        await projects.GetAsync(caller, projectId, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        await CheckScanAsync(connection, projectId, filter, ct);
        return (await connection.QueryAsync<ComponentView>(new CommandDefinition(LatestScans +
            """
            SELECT * FROM (
                SELECT DISTINCT ON (c.purl) c.purl, c.name, c.version, c.type, sc.scope, sc.declared_license,
                       COALESCE(lf.legal_tier, 'unknown') AS legal_tier, sc.manifest_path
                FROM latest l JOIN scan_components sc ON sc.scan_id = l.id JOIN components c ON c.id = sc.component_id
                LEFT JOIN license_findings lf ON lf.scan_id = l.id AND lf.component_id = c.id AND lf.origin = 'declared'
                ORDER BY c.purl) x
            WHERE @tiers::text[] IS NULL OR legal_tier = ANY(@tiers)
            ORDER BY purl LIMIT @Limit OFFSET @Offset
            """, new { projectId, scanId = filter.ScanId, tiers = filter.LegalTiers, filter.Limit, filter.Offset }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<LicenseFindingView>> LicensesAsync(Caller caller, Guid projectId, FindingsFilter filter, CancellationToken ct)
    {
        await projects.GetAsync(caller, projectId, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        await CheckScanAsync(connection, projectId, filter, ct);
        return (await connection.QueryAsync<LicenseFindingView>(new CommandDefinition(LatestScans +
            """
            SELECT lf.expression, lf.origin, lf.legal_tier, c.purl AS component_purl, lf.source_path, lf.confidence, lf.method
            FROM latest l JOIN license_findings lf ON lf.scan_id = l.id LEFT JOIN components c ON c.id = lf.component_id
            WHERE (@tiers::text[] IS NULL OR lf.legal_tier = ANY(@tiers)) AND (@origin::text IS NULL OR lf.origin = @origin)
            ORDER BY lf.origin, lf.expression, lf.source_path, c.purl LIMIT @Limit OFFSET @Offset
            """, new { projectId, scanId = filter.ScanId, tiers = filter.LegalTiers, origin = filter.Origin, filter.Limit, filter.Offset }, cancellationToken: ct))).AsList();
    }

    public async Task<IReadOnlyList<VulnerabilityFindingView>> VulnerabilitiesAsync(Caller caller, Guid projectId, FindingsFilter filter, CancellationToken ct)
    {
        await projects.GetAsync(caller, projectId, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        await CheckScanAsync(connection, projectId, filter, ct);
        return (await connection.QueryAsync<VulnerabilityFindingView>(new CommandDefinition(LatestScans +
            """
            SELECT v.id, f.severity, f.package_name, f.installed_version, f.fixed_version, v.title, v.cvss_score, v.epss_score,
                   v.known_exploited, l.kind AS scan_kind, l.id AS scan_id, f.target, c.purl, sc.manifest_path
            FROM latest l JOIN vulnerability_findings f ON f.scan_id = l.id JOIN vulnerabilities v ON v.id = f.vulnerability_id
            LEFT JOIN components c ON c.id = f.component_id
            LEFT JOIN scan_components sc ON sc.scan_id = l.id AND sc.component_id = f.component_id
            WHERE @severities::text[] IS NULL OR f.severity = ANY(@severities)
            ORDER BY CASE f.severity WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 3 ELSE 4 END, v.id, f.package_name
            LIMIT @Limit OFFSET @Offset
            """, new { projectId, scanId = filter.ScanId, severities = filter.Severities, filter.Limit, filter.Offset }, cancellationToken: ct))).AsList();
    }

    private static async Task CheckScanAsync(NpgsqlConnection connection, Guid projectId, FindingsFilter filter, CancellationToken ct)
    {
        if (filter.ScanId is not { } scanId) return;
        var status = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM scans WHERE id = @scanId AND project_id = @projectId", new { scanId, projectId }, cancellationToken: ct));
        if (status != "succeeded")
            throw Problem.Invalid("scan_id", status is null
                ? "'scan_id' is not a scan of this project."
                : $"'scan_id' names a {status} scan; only a succeeded scan has findings.").ToException();
    }
}
