using Dapper;
using Npgsql;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Persistence;

public sealed class SchemaRulesTests : IAsyncLifetime
{
    private readonly TestDatabase db = new();
    private Guid teamId;

    public async Task InitializeAsync()
    {
        await db.InitializeAsync();
        await db.MigrateAsync();
        await using var c = await db.DataSource.OpenConnectionAsync();
        teamId = await c.ExecuteScalarAsync<Guid>("INSERT INTO teams (slug, name) VALUES ('t', 'T') RETURNING id");
    }

    public Task DisposeAsync() => db.DisposeAsync();

    private async Task<Guid> NewProjectAsync(NpgsqlConnection c, string slug) =>
        await c.ExecuteScalarAsync<Guid>("INSERT INTO projects (team_id, name, slug) VALUES (@teamId, @slug, @slug) RETURNING id", new { teamId, slug });

    private static Task InsertScanAsync(NpgsqlConnection c, Guid projectId, string status) =>
        c.ExecuteAsync("INSERT INTO scans (id, project_id, kind, status) VALUES (@id, @projectId, 'source', @status)", new { id = Guid.NewGuid(), projectId, status });

    [Fact]
    public async Task The_active_scan_index_rejects_a_second_active_scan_for_one_project()
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        var project = await NewProjectAsync(c, "p1");
        await InsertScanAsync(c, project, "queued");

        var error = await Assert.ThrowsAsync<PostgresException>(() => InsertScanAsync(c, project, "running"));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("scans_one_active_per_project", error.ConstraintName);
    }

    [Fact]
    public async Task The_active_scan_index_allows_one_active_scan_per_project_and_any_number_of_finished_ones()
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        var p1 = await NewProjectAsync(c, "p1");
        var p2 = await NewProjectAsync(c, "p2");

        await InsertScanAsync(c, p1, "running");
        await InsertScanAsync(c, p2, "queued");
        foreach (var status in new[] { "succeeded", "failed", "cancelled", "succeeded" }) await InsertScanAsync(c, p1, status);

        Assert.Equal(6, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM scans"));
    }

    [Theory]
    [InlineData("UPDATE audit_logs SET action = 'delete'")]
    [InlineData("DELETE FROM audit_logs")]
    [InlineData("TRUNCATE audit_logs")]
    public async Task Audit_logs_are_append_only(string statement)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        await c.ExecuteAsync("INSERT INTO audit_logs (actor_label, target_table, target_id, action) VALUES ('system', 'projects', 'x', 'create')");

        var error = await Assert.ThrowsAsync<PostgresException>(() => c.ExecuteAsync(statement));

        Assert.Contains("append-only", error.MessageText);
        Assert.Equal(1, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_logs"));
    }
}
