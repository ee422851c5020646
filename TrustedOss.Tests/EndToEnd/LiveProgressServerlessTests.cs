using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.EndToEnd;

/// <summary>The self-host wired to a local stand-in for Azure SignalR Service, so the serverless path runs for real.</summary>
public sealed class ServerlessProgressFixture : IAsyncLifetime
{
    public FakeSignalRService Service { get; private set; } = null!;
    public SelfHostServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Service = await FakeSignalRService.StartAsync();
        Server = SelfHostServer.With(new() { [SignalRServiceOptions.ConnectionStringKey] = Service.ConnectionString() });
        await Server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Service.DisposeAsync();
    }
}

/// <summary>
/// Negotiate and subscribe through the real HTTP functions (team checks against PostgreSQL), the real .NET
/// SignalR client following the negotiate redirect, and the REST publisher sending a real scan's frames.
/// </summary>
public sealed class LiveProgressServerlessTests(ServerlessProgressFixture fixture) : IClassFixture<ServerlessProgressFixture>
{
    private sealed record Frame(string Type, JsonElement Body);

    private SelfHostServer Server => fixture.Server;
    private FakeSignalRService Service => fixture.Service;

    private async Task<(HubConnection Hub, ConcurrentQueue<Frame> Frames)> ConnectAsync(string key)
    {
        var frames = new ConcurrentQueue<Frame>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/v1/scans"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(key))
            .Build();
        foreach (var type in new[] { "progress", "stage", "log" })
            hub.On<JsonElement>(type, body => frames.Enqueue(new Frame(type, body)));
        await hub.StartAsync();
        return (hub, frames);
    }

    private async Task<string> StartScanAsync(string key)
    {
        var repo = Path.Combine(Server.Scratch, "repos", Guid.NewGuid().ToString("N"));
        await new GitRepoBuilder(repo).WithDirectory(Path.Combine(RepoPaths.RepoRoot, "samples", "demo-app")).BuildAsync();
        var client = Server.Client(key);
        var project = JsonDocument.Parse(await (await client.PostAsync("/v1/projects",
            new StringContent($$"""{"name":"live-{{Guid.NewGuid():N}}","git_url":"file://{{repo}}"}""", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync()).RootElement;
        var scan = await client.PostAsync($"/v1/projects/{project.GetProperty("id").GetString()}/scans", null);
        Assert.Equal(HttpStatusCode.Accepted, scan.StatusCode);
        return JsonDocument.Parse(await scan.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> SubscribeAsync(HttpClient client, string scanId, string connectionId) =>
        client.PostAsync($"/v1/scans/{scanId}/subscribe", new StringContent(JsonSerializer.Serialize(new { connection_id = connectionId }), Encoding.UTF8, "application/json"));

    private static async Task WaitForAsync(Func<bool> done, Func<string> describe)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out: " + describe());
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_client_negotiates_with_its_key_subscribes_and_gets_the_scan_through_the_service_to_succeeded()
    {
        var dev = await Server.NewMemberAsync("developer");
        var scanId = await StartScanAsync(dev.Key);
        var (hub, frames) = await ConnectAsync(dev.Key);
        await using var _ = hub;

        var subscribed = await SubscribeAsync(Server.Client(dev.Key), scanId, hub.ConnectionId!);
        var body = JsonDocument.Parse(await subscribed.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        Assert.Equal($"scan:{scanId}", body.GetProperty("group").GetString());
        await WaitForAsync(() => frames.Any(f => f.Type == "progress" && f.Body.GetProperty("step").GetString() == "succeeded"),
            () => string.Join(", ", frames.Select(f => $"{f.Type}:{f.Body}")));

        var group = $"/api/v1/hubs/scans/groups/scan%3A{scanId}";
        await WaitForAsync(() => Service.Calls.Any(c => c.Path == group && c.Body!.Value.GetRawText().Contains("\"succeeded\",\"percent\"", StringComparison.Ordinal)),
            () => "the publisher never sent succeeded to the group");

        // The negotiate token named the key's user; the connection joined the scan's group and got the snapshot.
        Assert.Equal(dev.UserId.ToString(), Service.ConnectedUsers[hub.ConnectionId!]);
        var calls = Service.Calls.ToArray();
        Assert.Contains(calls, c => c is { Method: "PUT", Status: 200 } && c.Path == $"/api/v1/hubs/scans/groups/scan%3A{scanId}/connections/{hub.ConnectionId}");
        var snapshot = calls.Where(c => c.Method == "POST" && c.Path == $"/api/v1/hubs/scans/connections/{hub.ConnectionId}").ToArray();
        Assert.Equal(body.GetProperty("snapshot_frames").GetInt32(), snapshot.Length);
        Assert.Equal(8, snapshot.Count(c => c.Body!.Value.GetProperty("target").GetString() == "stage"));

        // The REST publisher sent every committed state to the group, in order, whoever was listening.
        var live = calls.Where(c => c.Path == group).Select(c => c.Body!.Value).ToArray();
        Assert.All(calls, c => Assert.Null(c.Rejection));
        var steps = live.Where(b => b.GetProperty("target").GetString() == "progress")
            .Select(b => b.GetProperty("arguments")[0]).ToArray();
        Assert.Equal("succeeded", steps[^1].GetProperty("step").GetString());
        Assert.Equal(steps.Select(s => s.GetProperty("percent").GetInt32()).Order(), steps.Select(s => s.GetProperty("percent").GetInt32()));
        Assert.Contains(live, b => b.GetProperty("target").GetString() == "stage"
            && b.GetProperty("arguments")[0].GetProperty("stage").GetString() == "cdxgen" && b.GetProperty("arguments")[0].GetProperty("state").GetString() == "succeeded");
        Assert.Contains(live, b => b.GetProperty("target").GetString() == "log");
    }

    [Fact]
    public async Task Another_teams_scan_is_not_found_and_its_group_is_never_joined()
    {
        var owner = await Server.NewMemberAsync("developer");
        var scanId = await StartScanAsync(owner.Key);
        var stranger = await Server.NewMemberAsync("admin");
        var (hub, frames) = await ConnectAsync(stranger.Key);
        await using var _ = hub;

        await ProblemAssert.IsProblemAsync(await SubscribeAsync(Server.Client(stranger.Key), scanId, hub.ConnectionId!), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await SubscribeAsync(Server.Client(stranger.Key), "not-a-uuid", hub.ConnectionId!), HttpStatusCode.NotFound);

        Assert.DoesNotContain(Service.Calls, c => c.Path.Contains(hub.ConnectionId!, StringComparison.Ordinal));
        Assert.Empty(frames);
        await Server.Client(owner.Key).PostAsync($"/v1/scans/{scanId}/cancel", null);
    }

    [Fact]
    public async Task Negotiate_needs_a_key_and_subscribe_needs_a_connection_the_service_knows()
    {
        var dev = await Server.NewMemberAsync("developer");
        var scanId = await StartScanAsync(dev.Key);
        var client = Server.Client(dev.Key);

        await ProblemAssert.IsProblemAsync(await Server.Client().PostAsync("/v1/scans/negotiate", null), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await Server.Client("tos_wrong").PostAsync("/v1/scans/negotiate", null), HttpStatusCode.Unauthorized);
        var negotiated = JsonDocument.Parse(await (await client.PostAsync("/v1/scans/negotiate?negotiateVersion=1", null)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal($"{Service.Endpoint.GetLeftPart(UriPartial.Authority)}/client/?hub=scans", negotiated.GetProperty("url").GetString());
        Assert.False(string.IsNullOrEmpty(negotiated.GetProperty("accessToken").GetString()));

        await ProblemAssert.IsProblemAsync(await SubscribeAsync(client, scanId, "never-connected"), (HttpStatusCode)422, "connection_id");
        await ProblemAssert.IsProblemAsync(await SubscribeAsync(client, scanId, "has space"), (HttpStatusCode)422, "connection_id");
        await ProblemAssert.IsProblemAsync(await client.PostAsync($"/v1/scans/{scanId}/subscribe", new StringContent("{}", Encoding.UTF8, "application/json")), (HttpStatusCode)422, "connection_id");
        await client.PostAsync($"/v1/scans/{scanId}/cancel", null);
    }

    [Fact]
    public async Task The_openapi_document_lists_negotiate_and_subscribe()
    {
        var paths = JsonDocument.Parse(await Server.Client().GetStringAsync("/openapi.json")).RootElement.GetProperty("paths");

        Assert.Equal("NegotiateScans", paths.GetProperty("/v1/scans/negotiate").GetProperty("post").GetProperty("operationId").GetString());
        Assert.Equal("SubscribeScan", paths.GetProperty("/v1/scans/{id}/subscribe").GetProperty("post").GetProperty("operationId").GetString());
    }
}

/// <summary>A host without AzureSignalRConnectionString (the default) says so instead of handing out dead connections.</summary>
public sealed class LiveProgressNotConfiguredTests(SelfHostServer server) : IClassFixture<SelfHostServer>
{
    [Fact]
    public async Task Negotiate_and_subscribe_answer_503_naming_the_setting()
    {
        var dev = await server.NewMemberAsync("developer");
        var client = server.Client(dev.Key);

        var negotiate = await ProblemAssert.IsProblemAsync(await client.PostAsync("/v1/scans/negotiate", null), HttpStatusCode.ServiceUnavailable);
        var subscribe = await ProblemAssert.IsProblemAsync(await client.PostAsync($"/v1/scans/{Guid.NewGuid()}/subscribe",
            new StringContent("""{"connection_id":"c1"}""", Encoding.UTF8, "application/json")), HttpStatusCode.ServiceUnavailable);

        Assert.Contains(SignalRServiceOptions.ConnectionStringKey, negotiate.GetProperty("detail").GetString());
        Assert.Contains(SignalRServiceOptions.ConnectionStringKey, subscribe.GetProperty("detail").GetString());
    }
}
