using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Persistence;

namespace TrustedOss.Benchmarks;

/// <summary>
/// A freshly migrated database of its own (bench_&lt;random&gt;) on the given server, dropped on dispose,
/// with a team to hang projects and scans on.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string server;
    private readonly string name = "bench_" + Guid.NewGuid().ToString("N");
    private Guid teamId;

    private BenchDatabase(string server) => this.server = server;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    /// <summary>For an app process pointed at this database (POSTGRES_CONNECTION_STRING).</summary>
    public string ConnectionString { get; private set; } = "";

    public static async Task<BenchDatabase> CreateAsync(string serverConnectionString, CancellationToken ct)
    {
        var db = new BenchDatabase(serverConnectionString);
        await using (var connection = new NpgsqlConnection(serverConnectionString))
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition($"CREATE DATABASE {db.name}", cancellationToken: ct));
        }
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = db.name }.ConnectionString;
        db.ConnectionString = connectionString;
        db.DataSource = Database.CreateDataSource(new DatabaseOptions(connectionString));
        try
        {
            await new MigrationRunner(db.DataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(ct);
            await using var conn = await db.DataSource.OpenConnectionAsync(ct);
            db.teamId = await conn.QuerySingleAsync<Guid>(new CommandDefinition(
                "INSERT INTO teams (slug, name) VALUES ('bench', 'Benchmarks') RETURNING id", cancellationToken: ct));
            return db;
        }
        catch
        {
            await db.DisposeAsync(); // never leave a half-made database behind
            throw;
        }
    }

    /// <summary>A running source scan of a project of its own (one active scan per project is the rule).</summary>
    public async Task<Guid> CreateScanAsync(CancellationToken ct)
    {
        var scanId = Guid.NewGuid();
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            WITH p AS (
                INSERT INTO projects (team_id, name, slug, git_url, git_url_display)
                VALUES (@team, 'Bench ' || @slug, @slug, 'file:///bench', 'file:///bench') RETURNING id)
            INSERT INTO scans (id, project_id, kind, status, started_at) SELECT @scan, p.id, 'source', 'running', now() FROM p
            """,
            new { team = teamId, slug = "p-" + scanId.ToString("N")[..12], scan = scanId }, cancellationToken: ct));
        return scanId;
    }

    /// <summary>Rows per table, to show that two writers wrote the same thing.</summary>
    public async Task<IReadOnlyList<(string Table, long Rows)>> CountRowsAsync(CancellationToken ct)
    {
        string[] tables = ["components", "scan_components", "license_findings", "licenses", "vulnerabilities", "vulnerability_findings"];
        await using var conn = await DataSource.OpenConnectionAsync(ct);
        var counts = new List<(string, long)>();
        foreach (var table in tables)
            counts.Add((table, await conn.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM {table}", cancellationToken: ct))));
        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null) await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }
}
