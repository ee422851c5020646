using System.Text.Json;
using Dapper;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.EndToEnd;

/// <summary>Short crash-recovery timings, so a restarted self-host takes over the dead one's work in seconds.</summary>
public sealed class CrashResumeFixture : SelfHostProcessFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        [DurableOptions.ActivityLockKey] = "6",
        [DurableOptions.PartitionLeaseKey] = "6",
    };
}

/// <summary>Spec "Lifecycle": a self-host killed with SIGKILL mid-scan resumes the scan when it starts again.</summary>
public sealed class CrashResumeTests(CrashResumeFixture app, ITestOutputHelper output) : IClassFixture<CrashResumeFixture>, IDisposable
{
    public void Dispose() => app.WriteOutputTo(output);

    [Fact]
    public async Task A_scan_killed_during_cdxgen_resumes_from_that_stage_on_restart_and_succeeds_without_duplicate_rows()
    {
        var repo = Path.Combine(app.Scratch, "repo");
        await new GitRepoBuilder(repo).WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app")).BuildAsync();
        var dev = await app.Api.NewMemberAsync("developer");
        var client = app.Api.Client(dev.Key);
        var projectId = await SelfHostApi.CreateProjectAsync(client, "file://" + repo);
        var scanId = await SelfHostApi.TriggerScanAsync(client, projectId);
        await ScanWaits.WaitForToolAsync(client, scanId, "cdxgen", app.WorkspaceRoot);
        var before = await ScanWaits.StagesAsync(client, scanId);

        // A crash: the app and its tool processes are SIGKILLed, nothing is shut down or released.
        await app.Process.KillAsync();
        // SIGKILL is delivered at once, but a big process (node) takes a moment to exit.
        Assert.Empty(await ProcessTable.WaitUntilGoneAsync(ScanWaits.ToolMarker(app.WorkspaceRoot, scanId), TimeSpan.FromSeconds(10)));
        await using (var c = await app.Database.DataSource.OpenConnectionAsync())
            Assert.Equal("running", await c.ExecuteScalarAsync<string>("SELECT status FROM scans WHERE id = @id", new { id = Guid.Parse(scanId) }));

        await app.RestartAsync();
        client = app.Api.Client(dev.Key);
        var scan = await SelfHostApi.WaitForTerminalAsync(client, scanId, TimeSpan.FromMinutes(3));

        Assert.True(scan.GetProperty("status").GetString() == "succeeded", scan.ToString());
        var components = scan.GetProperty("counts").GetProperty("components").GetInt32();
        Assert.True(components > 0, scan.ToString());
        var after = await ScanWaits.StagesAsync(client, scanId);
        Assert.All(after.Values, s => Assert.Equal("succeeded", s.GetProperty("state").GetString()));
        // The stages that had completed were not run again; the interrupted one was.
        foreach (var done in new[] { "bootstrap", "fetch", "prep" })
            Assert.Equal(StartedAt(before[done]), StartedAt(after[done]));
        Assert.True(StartedAt(after["cdxgen"]) > StartedAt(before["cdxgen"]));

        await using var db = await app.Database.DataSource.OpenConnectionAsync();
        var id = Guid.Parse(scanId);
        Assert.Equal(8, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM scan_stages WHERE scan_id = @id", new { id }));
        // The re-run cdxgen stage and the stages after it found exactly what an uninterrupted scan finds, once each.
        var purls = (await SelfHostApi.GetAsync(client, $"/v1/projects/{projectId}/components?limit=500")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("purl").GetString()).ToArray();
        Assert.Equal(components, purls.Length);
        Assert.Equal(purls.Length, purls.Distinct().Count());
        Assert.Superset(new HashSet<string?> { "pkg:npm/minimist@1.2.5", "pkg:npm/lodash@4.17.20", "pkg:npm/ms@2.1.3", "pkg:npm/debug@4.3.7" }, purls.ToHashSet());
        Assert.Equal(0, await db.ExecuteScalarAsync<int>(
            """
            SELECT count(*) FROM (SELECT 1 FROM license_findings WHERE scan_id = @id
                                  GROUP BY origin, expression, source_path, component_id HAVING count(*) > 1) d
            """, new { id }));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM scan_logs WHERE scan_id = @id AND line LIKE '$ % clone %'", new { id }));
    }

    private static DateTime StartedAt(JsonElement stage) => stage.GetProperty("started_at").GetDateTime();
}
