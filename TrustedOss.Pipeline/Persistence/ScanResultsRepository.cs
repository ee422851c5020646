using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TrustedOss.Pipeline.Licenses;
using TrustedOss.Pipeline.Sbom;
using TrustedOss.Pipeline.Vulnerabilities;

namespace TrustedOss.Pipeline.Persistence;

/// <summary>
/// Writes what a scan found, in bulk (binary COPY into a temp table, then set-based statements), and
/// idempotently: each call replaces the scan's own rows of that kind in one transaction, so a retried
/// activity never duplicates anything.
/// </summary>
public sealed class ScanResultsRepository(NpgsqlDataSource db)
{
    public async Task ReplaceComponentsAsync(Guid scanId, IReadOnlyList<SbomComponent> components, LegalTierCatalog tiers, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecAsync(connection, tx, "DELETE FROM license_findings WHERE scan_id = @scan AND origin = 'declared'", ct, ("scan", scanId));
        await ExecAsync(connection, tx, "DELETE FROM scan_components WHERE scan_id = @scan", ct, ("scan", scanId));
        await ExecAsync(connection, tx, "CREATE TEMP TABLE tmp_components (purl text, type text, name text, version text, scope text, hashes jsonb, declared text, tier text, manifest text) ON COMMIT DROP", ct);

        await using (var copy = await connection.BeginBinaryImportAsync("COPY tmp_components FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var c in components)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(PurlOf(c), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(c.Type ?? "library", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(c.Group is null ? c.Name : $"{c.Group}/{c.Name}", NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, c.Version, ct);
                await WriteNullableAsync(copy, c.Scope, ct);
                await copy.WriteAsync(JsonSerializer.Serialize(c.Hashes), NpgsqlDbType.Jsonb, ct);
                await WriteNullableAsync(copy, c.DeclaredLicense, ct);
                await copy.WriteAsync((c.DeclaredLicense is null ? LegalTier.Unknown : tiers.Evaluate(c.DeclaredLicense)).ToWire(), NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, c.ManifestPath, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await ExecAsync(connection, tx,
            """
            INSERT INTO components (purl, type, name, version)
            SELECT DISTINCT ON (purl) purl, type, name, version FROM tmp_components ORDER BY purl
            ON CONFLICT (purl) DO NOTHING
            """, ct);
        await ExecAsync(connection, tx,
            """
            INSERT INTO scan_components (scan_id, component_id, scope, hashes, declared_license, manifest_path)
            SELECT DISTINCT ON (c.id) @scan, c.id, t.scope, t.hashes, t.declared, t.manifest FROM tmp_components t JOIN components c ON c.purl = t.purl
            ORDER BY c.id
            """, ct, ("scan", scanId));
        await ExecAsync(connection, tx,
            """
            INSERT INTO license_findings (scan_id, component_id, origin, expression, legal_tier)
            SELECT DISTINCT ON (c.id) @scan, c.id, 'declared', t.declared, t.tier FROM tmp_components t JOIN components c ON c.purl = t.purl
            WHERE t.declared IS NOT NULL ORDER BY c.id
            """, ct, ("scan", scanId));
        await UpsertLicensesAsync(connection, tx, components.Select(c => c.DeclaredLicense), tiers, ct);
        await tx.CommitAsync(ct);
    }

    public async Task ReplaceDetectedLicensesAsync(Guid scanId, IReadOnlyList<DetectedLicenseFinding> findings, LegalTierCatalog tiers, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecAsync(connection, tx, "DELETE FROM license_findings WHERE scan_id = @scan AND origin = 'detected'", ct, ("scan", scanId));
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY license_findings (scan_id, origin, expression, legal_tier, source_path, confidence, method) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var f in findings)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(scanId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync("detected", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(f.SpdxExpression, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(tiers.Evaluate(f.SpdxExpression).ToWire(), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(f.SourcePath, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(f.Confidence, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(f.Method.ToWire(), NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await UpsertLicensesAsync(connection, tx, findings.Select(f => f.SpdxExpression), tiers, ct);
        await tx.CommitAsync(ct);
    }

    public async Task ReplaceVulnerabilityFindingsAsync(Guid scanId, IReadOnlyList<VulnerabilityFinding> findings, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecAsync(connection, tx, "DELETE FROM vulnerability_findings WHERE scan_id = @scan", ct, ("scan", scanId));
        await ExecAsync(connection, tx,
            """
            CREATE TEMP TABLE tmp_findings (vuln_id text, title text, description text, severity text, cvss_score numeric, cvss_vector text,
                epss numeric, kev boolean, refs jsonb, published timestamptz, package text, purl text, installed text, fixed text, target text) ON COMMIT DROP
            """, ct);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY tmp_findings FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var f in findings)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(f.VulnerabilityId, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, f.Title, ct);
                await WriteNullableAsync(copy, f.Description, ct);
                await copy.WriteAsync(f.Severity, NpgsqlDbType.Text, ct);
                if (f.Cvss is { } cvss) await copy.WriteAsync((decimal)Math.Round(cvss.Score, 1), NpgsqlDbType.Numeric, ct); else await copy.WriteNullAsync(ct);
                await WriteNullableAsync(copy, f.Cvss?.Vector, ct);
                if (f.EpssScore is { } epss) await copy.WriteAsync((decimal)Math.Round(epss, 5), NpgsqlDbType.Numeric, ct); else await copy.WriteNullAsync(ct);
                await copy.WriteAsync(f.KnownExploited == true, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(JsonSerializer.Serialize(f.References), NpgsqlDbType.Jsonb, ct);
                if (f.PublishedDate is { } published) await copy.WriteAsync(published, NpgsqlDbType.TimestampTz, ct); else await copy.WriteNullAsync(ct);
                await copy.WriteAsync(f.PackageName, NpgsqlDbType.Text, ct);
                await WriteNullableAsync(copy, f.Purl, ct);
                await WriteNullableAsync(copy, f.InstalledVersion, ct);
                await WriteNullableAsync(copy, f.FixedVersion, ct);
                await copy.WriteAsync(f.Target, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await ExecAsync(connection, tx,
            """
            INSERT INTO vulnerabilities (id, title, description, severity, cvss_score, cvss_vector, epss_score, known_exploited, references_, published_at, updated_at)
            SELECT DISTINCT ON (vuln_id) vuln_id, title, description, severity, cvss_score, cvss_vector, epss, kev, refs, published, now()
            FROM tmp_findings ORDER BY vuln_id
            ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, description = EXCLUDED.description, severity = EXCLUDED.severity,
                cvss_score = EXCLUDED.cvss_score, cvss_vector = EXCLUDED.cvss_vector, epss_score = EXCLUDED.epss_score,
                known_exploited = EXCLUDED.known_exploited, references_ = EXCLUDED.references_, published_at = EXCLUDED.published_at, updated_at = now()
            """, ct);
        await ExecAsync(connection, tx,
            """
            INSERT INTO vulnerability_findings (scan_id, vulnerability_id, component_id, package_name, installed_version, fixed_version, severity, target)
            SELECT @scan, t.vuln_id, c.id, t.package, t.installed, t.fixed, t.severity, t.target
            FROM tmp_findings t LEFT JOIN components c ON c.purl = t.purl
            """, ct, ("scan", scanId));
        await tx.CommitAsync(ct);
    }

    /// <summary>Components without a purl still get a stable identity.</summary>
    public static string PurlOf(SbomComponent c) =>
        c.Purl ?? $"pkg:generic/{Uri.EscapeDataString(c.Group is null ? c.Name : $"{c.Group}/{c.Name}")}{(c.Version is null ? "" : "@" + Uri.EscapeDataString(c.Version))}";

    private static async Task UpsertLicensesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IEnumerable<string?> expressions, LegalTierCatalog tiers, CancellationToken ct)
    {
        var ids = expressions.Where(e => e is not null).SelectMany(e => SpdxExpression.Parse(e).Licenses().Select(l => l.ToString())).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0) return;
        await using var cmd = new NpgsqlCommand(
            """
            INSERT INTO licenses (spdx_id, legal_tier) SELECT id, tier FROM unnest(@ids, @tiers) AS x(id, tier)
            ON CONFLICT (spdx_id) DO UPDATE SET legal_tier = EXCLUDED.legal_tier
            """, connection, tx);
        cmd.Parameters.AddWithValue("ids", ids);
        cmd.Parameters.AddWithValue("tiers", ids.Select(id => tiers.TierOf(id).ToWire()).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, NpgsqlDbType.Text, ct);
}
