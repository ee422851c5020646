using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Maintenance;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Maintenance;

public sealed class StuckScanBackstopTests : IAsyncLifetime
{
    private readonly TestDatabase db = new();
    public async Task InitializeAsync() { await db.InitializeAsync(); await db.MigrateAsync(); }
    public Task DisposeAsync() => db.DisposeAsync();

    [Fact]
    public async Task Scans_active_past_the_hard_limit_fail_with_the_reason_and_younger_ones_are_left_alone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        await using var c = await db.DataSource.OpenConnectionAsync();
        var team = await c.ExecuteScalarAsync<Guid>("INSERT INTO teams (slug, name) VALUES ('t', 'T') RETURNING id");
        Guid NewId() => Guid.NewGuid();
        var (old, young) = (NewId(), NewId());
        foreach (var (id, startedHoursAgo) in new[] { (old, 5), (young, 1) })
        {
            var project = await c.ExecuteScalarAsync<Guid>("INSERT INTO projects (team_id, name, slug) VALUES (@team, @slug, @slug) RETURNING id", new { team, slug = "p" + id.ToString("N")[..8] });
            await c.ExecuteAsync("INSERT INTO scans (id, project_id, kind, status, started_at) VALUES (@id, @project, 'source', 'running', @started)",
                new { id, project, started = clock.GetUtcNow().AddHours(-startedHoursAgo) });
            await c.ExecuteAsync("INSERT INTO scan_stages (scan_id, stage, ordinal, state) VALUES (@id, 'cdxgen', 3, 'running')", new { id });
        }

        await new StuckScanBackstop(db.DataSource, new SingleFlight(db.DataSource), new MaintenanceOptions(TimeSpan.FromHours(4), TimeSpan.FromMinutes(30)),
            clock, NullLogger<StuckScanBackstop>.Instance).RunAsync(CancellationToken.None);

        var rows = (await c.QueryAsync<(Guid Id, string Status, string? Error)>("SELECT id, status, error_message FROM scans")).ToDictionary(r => r.Id);
        Assert.Equal("failed", rows[old].Status);
        Assert.Contains("hard limit of 240 minutes", rows[old].Error);
        Assert.Equal("running", rows[young].Status);
        Assert.Equal("skipped", await c.ExecuteScalarAsync<string>("SELECT state FROM scan_stages WHERE scan_id = @old", new { old }));
    }
}
