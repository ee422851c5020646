using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Maintenance;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Maintenance;

/// <summary>The cleaner's upload half over a real database and the `./dev test` Azurite's upload container.</summary>
public sealed class OrphanWorkspaceCleanerTests : IAsyncLifetime
{
    private readonly TestDatabase db = new();
    private readonly string workspaceRoot = Directory.CreateTempSubdirectory("orphan-cleaner-").FullName;
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    public async Task InitializeAsync() { await db.InitializeAsync(); await db.MigrateAsync(); }
    public async Task DisposeAsync() { await db.DisposeAsync(); Directory.Delete(workspaceRoot, recursive: true); }

    private OrphanWorkspaceCleaner Cleaner()
    {
        var limits = new WorkspaceOptions(workspaceRoot, 1024 * 1024, 1024 * 1024, 100);
        return new OrphanWorkspaceCleaner(db.DataSource, new ScanWorkspaces(limits),
            new UploadStore(new DurableOptions(SelfHostServer.AzuriteConnectionString, "orphans", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)), limits),
            new MaintenanceOptions(TimeSpan.FromHours(4), TimeSpan.FromMinutes(30)), clock, NullLogger<OrphanWorkspaceCleaner>.Instance);
    }

    /// <summary>A scan in <paramref name="status"/> whose uploaded source is stored, as the trigger stores it.</summary>
    private async Task<string> SeedScanWithUploadAsync(string status)
    {
        var id = Guid.NewGuid();
        var tag = "p" + id.ToString("N")[..8];
        await using var c = await db.DataSource.OpenConnectionAsync();
        var team = await c.ExecuteScalarAsync<Guid>("INSERT INTO teams (slug, name) VALUES (@tag, @tag) RETURNING id", new { tag });
        var project = await c.ExecuteScalarAsync<Guid>("INSERT INTO projects (team_id, name, slug) VALUES (@team, @tag, @tag) RETURNING id", new { team, tag });
        await c.ExecuteAsync("INSERT INTO scans (id, project_id, kind, status) VALUES (@id, @project, 'source', @status)", new { id, project, status });
        var blob = $"{id}/source.zip";
        await UploadBlobs.PutAsync(blob, "zip bytes");
        return blob;
    }

    [Fact]
    public async Task Uploads_of_ended_scans_are_deleted_once_old_and_those_of_active_or_unknown_scans_are_kept()
    {
        var failed = await SeedScanWithUploadAsync("failed");
        var cancelled = await SeedScanWithUploadAsync("cancelled");
        var running = await SeedScanWithUploadAsync("running");
        var unknown = $"{Guid.NewGuid()}/image.tar"; // another deployment's, or another test's: no row in this database
        await UploadBlobs.PutAsync(unknown, "tar bytes");

        Assert.Equal(0, await Cleaner().RunAsync(CancellationToken.None)); // all younger than ORPHAN_WORKSPACE_MINUTES
        Assert.True(await UploadBlobs.ExistsAsync(failed));

        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(2, await Cleaner().RunAsync(CancellationToken.None));

        Assert.False(await UploadBlobs.ExistsAsync(failed));
        Assert.False(await UploadBlobs.ExistsAsync(cancelled));
        Assert.True(await UploadBlobs.ExistsAsync(running));
        Assert.True(await UploadBlobs.ExistsAsync(unknown));
    }
}
