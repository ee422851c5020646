using System.Text.Json;
using Dapper;
using Npgsql;
using TrustedOss.Pipeline.Licenses;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Pipeline.Sbom;
using TrustedOss.Pipeline.Vulnerabilities;

namespace TrustedOss.Benchmarks;

/// <summary>
/// The baseline ScanResultsRepository is measured against: the same rows into the same tables, written
/// the obvious way — one Dapper INSERT per row, all in one transaction (so it pays per-statement round
/// trips, not per-row commits). Each distinct license and advisory is upserted once, as a careful
/// hand-written loop would.
/// </summary>
public static class RowAtATimeWriter
{
    public static async Task WriteAsync(NpgsqlDataSource db, Guid scanId, IReadOnlyList<SbomComponent> components,
        IReadOnlyList<VulnerabilityFinding> findings, LegalTierCatalog tiers, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        Task<int> Exec(string sql, object args) => connection.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));

        var componentIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var c in components)
        {
            var purl = ScanResultsRepository.PurlOf(c);
            if (componentIds.ContainsKey(purl)) continue;
            // DO UPDATE (a no-op) rather than DO NOTHING, so RETURNING gives the id of an existing component too.
            var id = await connection.QuerySingleAsync<Guid>(new CommandDefinition(
                """
                INSERT INTO components (purl, type, name, version) VALUES (@purl, @type, @name, @version)
                ON CONFLICT (purl) DO UPDATE SET purl = EXCLUDED.purl RETURNING id
                """,
                new { purl, type = c.Type ?? "library", name = c.Group is null ? c.Name : $"{c.Group}/{c.Name}", version = c.Version }, tx, cancellationToken: ct));
            componentIds[purl] = id;
            await Exec(
                "INSERT INTO scan_components (scan_id, component_id, scope, hashes, declared_license) VALUES (@scanId, @id, @scope, @hashes::jsonb, @declared)",
                new { scanId, id, scope = c.Scope, hashes = JsonSerializer.Serialize(c.Hashes), declared = c.DeclaredLicense });
            if (c.DeclaredLicense is not null)
                await Exec(
                    "INSERT INTO license_findings (scan_id, component_id, origin, expression, legal_tier) VALUES (@scanId, @id, 'declared', @expression, @tier)",
                    new { scanId, id, expression = c.DeclaredLicense, tier = tiers.Evaluate(c.DeclaredLicense).ToWire() });
        }

        var licenseIds = components.Where(c => c.DeclaredLicense is not null)
            .SelectMany(c => SpdxExpression.Parse(c.DeclaredLicense).Licenses().Select(l => l.ToString()))
            .Distinct(StringComparer.Ordinal);
        foreach (var spdxId in licenseIds)
            await Exec(
                "INSERT INTO licenses (spdx_id, legal_tier) VALUES (@spdxId, @tier) ON CONFLICT (spdx_id) DO UPDATE SET legal_tier = EXCLUDED.legal_tier",
                new { spdxId, tier = tiers.TierOf(spdxId).ToWire() });

        foreach (var v in findings.DistinctBy(f => f.VulnerabilityId))
            await Exec(
                """
                INSERT INTO vulnerabilities (id, title, description, severity, cvss_score, cvss_vector, epss_score, known_exploited, references_, published_at, updated_at)
                VALUES (@id, @title, @description, @severity, @cvss, @vector, @epss, @kev, @refs::jsonb, @published, now())
                ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description, severity = EXCLUDED.severity,
                    cvss_score = EXCLUDED.cvss_score, cvss_vector = EXCLUDED.cvss_vector, epss_score = EXCLUDED.epss_score,
                    known_exploited = EXCLUDED.known_exploited, references_ = EXCLUDED.references_, published_at = EXCLUDED.published_at, updated_at = now()
                """,
                new
                {
                    id = v.VulnerabilityId, title = v.Title, description = v.Description, severity = v.Severity,
                    cvss = v.Cvss is { } c ? (decimal?)Math.Round((decimal)c.Score, 1) : null, vector = v.Cvss?.Vector,
                    epss = v.EpssScore is { } e ? (decimal?)Math.Round((decimal)e, 5) : null, kev = v.KnownExploited == true,
                    refs = JsonSerializer.Serialize(v.References), published = v.PublishedDate,
                });

        foreach (var f in findings)
            await Exec(
                """
                INSERT INTO vulnerability_findings (scan_id, vulnerability_id, component_id, package_name, installed_version, fixed_version, severity, target)
                VALUES (@scanId, @vulnerabilityId, @componentId, @package, @installed, @fixed, @severity, @target)
                """,
                new
                {
                    scanId, vulnerabilityId = f.VulnerabilityId,
                    componentId = f.Purl is not null && componentIds.TryGetValue(f.Purl, out var id) ? id : (Guid?)null,
                    package = f.PackageName, installed = f.InstalledVersion, @fixed = f.FixedVersion, severity = f.Severity, target = f.Target,
                });

        await tx.CommitAsync(ct);
    }
}
