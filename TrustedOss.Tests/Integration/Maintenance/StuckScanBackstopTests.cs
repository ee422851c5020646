using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Maintenance;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Workspaces;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Maintenance;

/// <summary>The backstop's decisions over a real database and the `./dev test` Azurite's upload blobs, with the durable side a strict mock.</summary>
public sealed class StuckScanBackstopTests : IAsyncLifetime
{
    private readonly TestDatabase db = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly Mock<IScanScheduler> scheduler = new(MockBehavior.Strict);
    public async Task InitializeAsync() { await db.InitializeAsync(); await db.MigrateAsync(); }
    public Task DisposeAsync() => db.DisposeAsync();

    private StuckScanBackstop Backstop() => new(db.DataSource, new SingleFlight(db.DataSource),
        new UploadStore(new DurableOptions(SelfHostServer.AzuriteConnectionString, "backstop", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
            new WorkspaceOptions(Path.GetTempPath(), 1024 * 1024, 1024 * 1024, 100)),
        new MaintenanceOptions(TimeSpan.FromHours(4), TimeSpan.FromMinutes(30)), clock, NullLogger<StuckScanBackstop>.Instance);

    /// <summary>A scan in <paramref name="status"/> that started (or, when never started, was created) that long ago, with a running stage.</summary>
    private async Task<Guid> SeedScanAsync(string status, int hoursAgo, bool started = true, string? upload = null)
    {
        var id = Guid.NewGuid();
        var tag = "p" + id.ToString("N")[..8];
        await using var c = await db.DataSource.OpenConnectionAsync();
        var team = await c.ExecuteScalarAsync<Guid>("INSERT INTO teams (slug, name) VALUES (@tag, @tag) RETURNING id", new { tag });
        var project = await c.ExecuteScalarAsync<Guid>("INSERT INTO projects (team_id, name, slug) VALUES (@team, @tag, @tag) RETURNING id", new { team, tag });
        var at = clock.GetUtcNow().AddHours(-hoursAgo);
        await c.ExecuteAsync("INSERT INTO scans (id, project_id, kind, status, created_at, started_at) VALUES (@id, @project, 'source', @status, @at, @startedAt)",
            new { id, project, status, at, startedAt = started ? at : (DateTimeOffset?)null });
        if (upload is not null)
            await c.ExecuteAsync("UPDATE scans SET metadata = jsonb_build_object('verbosity', 'normal', 'upload', @upload) WHERE id = @id", new { id, upload });
        await c.ExecuteAsync("INSERT INTO scan_stages (scan_id, stage, ordinal, state) VALUES (@id, 'cdxgen', 3, 'running')", new { id });
        return id;
    }

    private async Task<(string Status, string? Error, string StageState)> RowAsync(Guid id)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        var scan = await c.QuerySingleAsync<(string Status, string? Error)>("SELECT status, error_message FROM scans WHERE id = @id", new { id });
        return (scan.Status, scan.Error, await c.ExecuteScalarAsync<string>("SELECT state FROM scan_stages WHERE scan_id = @id", new { id }) ?? "");
    }

    private async Task<string> StatusAsync(Guid id)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<string>("SELECT status FROM scans WHERE id = @id", new { id }) ?? "";
    }

    [Fact]
    public async Task Scans_active_past_the_hard_limit_are_terminated_then_failed_with_the_reason_and_younger_ones_are_left_alone()
    {
        var old = await SeedScanAsync("running", 5);
        var queuedNeverStarted = await SeedScanAsync("queued", 5, started: false);
        var young = await SeedScanAsync("running", 1);
        var finished = await SeedScanAsync("succeeded", 9);
        var statusWhenTerminated = new Dictionary<Guid, string>();
        scheduler.Setup(s => s.TerminateAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(async (Guid id, string _, CancellationToken _) => statusWhenTerminated[id] = await StatusAsync(id));

        await Backstop().RunAsync(scheduler.Object, CancellationToken.None);

        // Terminated while still active: the failed row would otherwise let the orchestration end on its own first.
        Assert.Equal(new Dictionary<Guid, string> { [old] = "running", [queuedNeverStarted] = "queued" }, statusWhenTerminated);
        scheduler.Verify(s => s.TerminateAsync(old, It.Is<string>(r => r.Contains("hard limit of 240 minutes")), It.IsAny<CancellationToken>()), Times.Once);
        foreach (var id in new[] { old, queuedNeverStarted })
        {
            var row = await RowAsync(id);
            Assert.Equal("failed", row.Status);
            Assert.Equal("stopped by the backstop: the scan exceeded the hard limit of 240 minutes (SCAN_HARD_LIMIT_MINUTES)", row.Error);
            Assert.Equal("skipped", row.StageState);
        }
        Assert.Equal(("running", (string?)null, "running"), await RowAsync(young));
        Assert.Equal("succeeded", (await RowAsync(finished)).Status);
    }

    [Fact]
    public async Task The_upload_of_a_scan_it_fails_is_deleted_from_blob_storage_and_a_younger_scans_upload_is_kept()
    {
        // A terminated orchestration never runs ReclaimScan: without the backstop the blob would stay forever.
        var (stuckBlob, youngBlob) = ($"{Guid.NewGuid()}/source.zip", $"{Guid.NewGuid()}/image.tar");
        await UploadBlobs.PutAsync(stuckBlob, "zip bytes");
        await UploadBlobs.PutAsync(youngBlob, "tar bytes");
        var stuck = await SeedScanAsync("running", 5, upload: stuckBlob);
        var young = await SeedScanAsync("running", 1, upload: youngBlob);
        scheduler.Setup(s => s.TerminateAsync(stuck, It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        await Backstop().RunAsync(scheduler.Object, CancellationToken.None);

        Assert.Equal("failed", await StatusAsync(stuck));
        Assert.False(await UploadBlobs.ExistsAsync(stuckBlob), "the failed scan's upload is still stored");
        Assert.Equal("running", await StatusAsync(young));
        Assert.True(await UploadBlobs.ExistsAsync(youngBlob), "a running scan's upload was deleted");
    }

    [Fact]
    public async Task A_task_hub_that_refuses_the_terminate_still_leaves_every_stuck_scan_failed()
    {
        var first = await SeedScanAsync("running", 6);
        var second = await SeedScanAsync("running", 7);
        scheduler.Setup(s => s.TerminateAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("task hub unavailable"));

        await Backstop().RunAsync(scheduler.Object, CancellationToken.None);

        scheduler.Verify(s => s.TerminateAsync(It.IsAny<Guid>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Equal("failed", (await RowAsync(first)).Status);
        Assert.Equal("failed", (await RowAsync(second)).Status);
    }

    [Fact]
    public async Task A_scan_that_finishes_while_its_orchestration_is_being_terminated_keeps_its_own_outcome()
    {
        var id = await SeedScanAsync("running", 5);
        scheduler.Setup(s => s.TerminateAsync(id, It.IsAny<string>(), It.IsAny<CancellationToken>())).Returns(async () =>
        {
            await using var c = await db.DataSource.OpenConnectionAsync();
            await c.ExecuteAsync("UPDATE scans SET status = 'succeeded' WHERE id = @id", new { id });
        });

        await Backstop().RunAsync(scheduler.Object, CancellationToken.None);

        var row = await RowAsync(id);
        Assert.Equal("succeeded", row.Status);
        Assert.Null(row.Error);
    }
}
