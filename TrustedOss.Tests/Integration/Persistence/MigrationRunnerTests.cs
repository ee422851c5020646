using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Persistence;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Persistence;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private readonly TestDatabase db = new();
    public Task InitializeAsync() => db.InitializeAsync();
    public Task DisposeAsync() => db.DisposeAsync();

    [Fact]
    public async Task Applies_every_migration_to_an_empty_database_and_is_a_no_op_on_rerun()
    {
        var runner = new MigrationRunner(db.DataSource, NullLogger<MigrationRunner>.Instance);

        var first = await runner.ApplyAsync(CancellationToken.None);
        var second = await runner.ApplyAsync(CancellationToken.None);

        Assert.Equal(MigrationRunner.EmbeddedMigrations().Select(m => m.Name), first);
        Assert.Empty(second);
        await using var c = await db.DataSource.OpenConnectionAsync();
        var tables = (await c.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).ToHashSet();
        Assert.Superset(new HashSet<string> { "teams", "users", "memberships", "api_keys", "projects", "scans", "scan_stages", "scan_logs",
            "components", "scan_components", "licenses", "license_findings", "vulnerabilities", "vulnerability_findings", "audit_logs" }, tables);
    }

    [Fact]
    public async Task Two_instances_starting_together_apply_the_migrations_once()
    {
        // Separate data sources = separate connections, like two processes.
        await using var a = Database.CreateDataSource(new DatabaseOptions(db.ConnectionString));
        await using var b = Database.CreateDataSource(new DatabaseOptions(db.ConnectionString));
        var results = await Task.WhenAll(
            new MigrationRunner(a, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None),
            new MigrationRunner(b, NullLogger<MigrationRunner>.Instance).ApplyAsync(CancellationToken.None));

        var all = MigrationRunner.EmbeddedMigrations().Select(m => m.Name).ToArray();
        Assert.Equal(all, results.SelectMany(r => r).Order(StringComparer.Ordinal));
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(all.Length, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }
}
