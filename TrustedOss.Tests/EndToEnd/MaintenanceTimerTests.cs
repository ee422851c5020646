using System.Text.Json;
using Dapper;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.EndToEnd;

/// <summary>The orphan cleaner and the stuck-scan backstop every 2 s (their schedules are settings).</summary>
public sealed class MaintenanceTimerFixture : SelfHostProcessFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        [MaintenanceOptions.StuckScanScheduleKey] = "*/2 * * * * *",
        [MaintenanceOptions.OrphanWorkspaceScheduleKey] = "*/2 * * * * *",
        ["ORPHAN_WORKSPACE_MINUTES"] = "1",
    };
}

/// <summary>Spec "Troubleshooting": the timer jobs of the self-host process act on what they find, on their schedules.</summary>
public sealed class MaintenanceTimerTests(MaintenanceTimerFixture app, ITestOutputHelper output) : IClassFixture<MaintenanceTimerFixture>, IDisposable
{
    public void Dispose() => app.WriteOutputTo(output);

    [Fact]
    public async Task The_orphan_cleaner_removes_an_old_workspace_without_an_active_scan_and_keeps_the_others()
    {
        var (client, _) = await MemberAsync();
        var active = await SeedRunningScanAsync(await SelfHostApi.CreateProjectAsync(client, "file:///nowhere.git"), TimeSpan.FromMinutes(1));
        var orphan = Workspace(Guid.NewGuid(), age: TimeSpan.FromHours(2));
        var activeWorkspace = Workspace(active, age: TimeSpan.FromHours(2));
        var fresh = Workspace(Guid.NewGuid(), age: TimeSpan.Zero);

        await ScanWaits.UntilAsync(() => Task.FromResult(!Directory.Exists(orphan)), $"the orphaned workspace {orphan} is still there");

        Assert.True(Directory.Exists(activeWorkspace), "the workspace of a running scan was removed");
        Assert.True(Directory.Exists(fresh), "a workspace written just now was removed");
    }

    [Fact]
    public async Task The_backstop_fails_a_scan_running_past_the_hard_limit_and_leaves_a_younger_one_running()
    {
        var (client, _) = await MemberAsync();
        var stuck = await SeedRunningScanAsync(await SelfHostApi.CreateProjectAsync(client, "file:///nowhere.git"), TimeSpan.FromHours(5));
        var young = await SeedRunningScanAsync(await SelfHostApi.CreateProjectAsync(client, "file:///nowhere.git"), TimeSpan.FromMinutes(5));

        await ScanWaits.UntilAsync(async () => (await SelfHostApi.GetAsync(client, $"/v1/scans/{stuck}")).GetProperty("status").GetString() == "failed",
            "the stuck scan was not failed");

        var scan = await SelfHostApi.GetAsync(client, $"/v1/scans/{stuck}");
        Assert.Contains("hard limit of 240 minutes (SCAN_HARD_LIMIT_MINUTES)", scan.GetProperty("error_detail").GetString());
        Assert.Equal(JsonValueKind.String, scan.GetProperty("completed_at").ValueKind);
        var stages = await ScanWaits.StagesAsync(client, stuck.ToString());
        Assert.Equal("succeeded", stages["fetch"].GetProperty("state").GetString());
        Assert.All(new[] { "cdxgen", "finalize" }, s => Assert.Equal("skipped", stages[s].GetProperty("state").GetString()));
        Assert.Equal("running", (await SelfHostApi.GetAsync(client, $"/v1/scans/{young}")).GetProperty("status").GetString());
    }

    private async Task<(HttpClient Client, SelfHostApi.Member Member)> MemberAsync()
    {
        var member = await app.Api.NewMemberAsync("developer");
        return (app.Api.Client(member.Key), member);
    }

    /// <summary>A scan row as a self-host leaves it mid-cdxgen (fetch done), started <paramref name="ago"/>.</summary>
    private async Task<Guid> SeedRunningScanAsync(string projectId, TimeSpan ago)
    {
        var id = Guid.NewGuid();
        var started = DateTime.UtcNow - ago;
        await using var c = await app.Database.DataSource.OpenConnectionAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO scans (id, project_id, kind, status, metadata, current_step, progress_percent, created_at, started_at)
            VALUES (@id, @projectId, 'source', 'running', '{"verbosity":"normal"}', 'cdxgen', 28, @started, @started);
            INSERT INTO scan_stages (scan_id, stage, ordinal, state, started_at, completed_at)
            SELECT @id, stage, (n - 1)::int,
                   CASE WHEN n < 4 THEN 'succeeded' WHEN n = 4 THEN 'running' ELSE 'pending' END,
                   CASE WHEN n <= 4 THEN @started END, CASE WHEN n < 4 THEN @started END
            FROM unnest(ARRAY['bootstrap','fetch','prep','cdxgen','scancode','dt_upload','dt_findings','finalize']) WITH ORDINALITY AS s(stage, n)
            """, new { id, projectId = Guid.Parse(projectId), started });
        return id;
    }

    /// <summary>A workspace directory (with a file) last written <paramref name="age"/> ago.</summary>
    private string Workspace(Guid scanId, TimeSpan age)
    {
        var dir = Path.Combine(app.WorkspaceRoot, scanId.ToString());
        Directory.CreateDirectory(Path.Combine(dir, "src"));
        File.WriteAllText(Path.Combine(dir, "src", "main.c"), "int main(void) { return 0; }\n");
        Directory.SetLastWriteTimeUtc(dir, DateTime.UtcNow - age);
        return dir;
    }
}
