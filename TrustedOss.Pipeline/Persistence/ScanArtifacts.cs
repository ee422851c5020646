using Dapper;
using Npgsql;

namespace TrustedOss.Pipeline.Persistence;

/// <summary>Stage outputs that later stages read (SBOM, vulnerability report), stored per scan and name.</summary>
public sealed class ScanArtifacts(NpgsqlDataSource db)
{
    public const string Sbom = "sbom.cdx.json";
    public const string TrivyReport = "trivy-report.json";

    public async Task SaveFileAsync(Guid scanId, string name, string path, CancellationToken ct)
    {
        var content = await File.ReadAllBytesAsync(path, ct);
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO scan_artifacts (scan_id, name, content) VALUES (@scanId, @name, @content)
            ON CONFLICT (scan_id, name) DO UPDATE SET content = EXCLUDED.content, created_at = now()
            """, new { scanId, name, content }, cancellationToken: ct));
    }

    /// <summary>Writes the artifact to <paramref name="path"/>; false when the scan has none by that name.</summary>
    public async Task<bool> RestoreFileAsync(Guid scanId, string name, string path, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var content = await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(
            "SELECT content FROM scan_artifacts WHERE scan_id = @scanId AND name = @name", new { scanId, name }, cancellationToken: ct));
        if (content is null) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, ct);
        return true;
    }

    public async Task DeleteAsync(Guid scanId, string name, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM scan_artifacts WHERE scan_id = @scanId AND name = @name", new { scanId, name }, cancellationToken: ct));
    }
}
