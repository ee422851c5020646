using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TrustedOss.Functions.Functions;
using TrustedOss.Functions.SelfHost;
using TrustedOss.Tests.Integration.SelfHost;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Maintenance;

/// <summary>
/// The `FailStuckScans` timer function on the real self-host (durable orchestrations over Azurite, PostgreSQL,
/// git), fired through the self-host's own timer binding, including its <c>[DurableClient]</c>.
/// </summary>
public sealed class StuckScanBackstopSelfHostTests(SelfHostServer server) : IClassFixture<SelfHostServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const string Reason = "stopped by the backstop: the scan exceeded the hard limit of 240 minutes (SCAN_HARD_LIMIT_MINUTES)";

    [Fact]
    public async Task A_stuck_scans_orchestration_is_terminated_its_tool_killed_and_its_row_failed_and_a_stuck_row_without_an_instance_is_failed_too()
    {
        // A git server that accepts the connection and never answers: the fetch stage hangs for good.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptSocketAsync();
        var dev = await server.NewMemberAsync("developer");
        var client = server.Client(dev.Key);
        var projectId = await CreateProjectAsync(client, $"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/stuck.git");
        var trigger = await client.PostAsync($"/v1/projects/{projectId}/scans", Json("{}"));
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        var stuckId = JsonDocument.Parse(await trigger.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        using var gitConnection = await accepted.WaitAsync(Timeout);
        var orphanId = await SeedRunningScanWithoutInstanceAsync(dev.TeamId);
        await using (var c = await server.Database.DataSource.OpenConnectionAsync())
            await c.ExecuteAsync("UPDATE scans SET started_at = now() - interval '5 hours' WHERE id = @stuckId", new { stuckId });

        var timer = TimerFunction.Discover(typeof(MaintenanceFunctions).Assembly).Single(t => t.Name == "FailStuckScans");
        await timer.InvokeAsync(server.App.Services, new TimerInfo(), CancellationToken.None);

        var durable = server.App.Services.GetRequiredService<DurableTaskClient>();
        var instance = await durable.WaitForCompletionAsync(stuckId.ToString(), Timeout);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, instance.RuntimeStatus);
        Assert.Equal(Reason, instance.ReadOutputAs<string>());
        foreach (var id in new[] { stuckId, orphanId })
        {
            var scan = JsonDocument.Parse(await client.GetStringAsync($"/v1/scans/{id}")).RootElement;
            Assert.Equal("failed", scan.GetProperty("status").GetString());
            Assert.Equal(Reason, scan.GetProperty("error_detail").GetString());
        }
        Assert.Null(await durable.GetInstanceAsync(orphanId.ToString()));
        // The fetch's git was killed (the activity's watcher saw the failed row): our end of its connection closes.
        await ReadUntilClosedAsync(gitConnection).WaitAsync(Timeout);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<string> CreateProjectAsync(HttpClient client, string gitUrl)
    {
        var response = await client.PostAsync("/v1/projects", Json($$"""{"name":"stuck-{{Guid.NewGuid():N}}","git_url":"{{gitUrl}}"}"""));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>A row left `running` six hours ago by a worker whose orchestration is gone (or lived on another task hub).</summary>
    private async Task<Guid> SeedRunningScanWithoutInstanceAsync(Guid teamId)
    {
        var id = Guid.NewGuid();
        var slug = "orphan-" + id.ToString("N")[..8];
        await using var c = await server.Database.DataSource.OpenConnectionAsync();
        var project = await c.ExecuteScalarAsync<Guid>("INSERT INTO projects (team_id, name, slug) VALUES (@teamId, @slug, @slug) RETURNING id", new { teamId, slug });
        await c.ExecuteAsync("INSERT INTO scans (id, project_id, kind, status, metadata, started_at) VALUES (@id, @project, 'source', 'running', '{\"verbosity\":\"normal\"}', now() - interval '6 hours')", new { id, project });
        await c.ExecuteAsync("INSERT INTO scan_stages (scan_id, stage, ordinal, state) VALUES (@id, 'cdxgen', 3, 'running')", new { id });
        return id;
    }

    private static async Task ReadUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer) > 0) { }
        }
        catch (SocketException)
        {
            // reset by the dying process: closed as well
        }
    }
}
