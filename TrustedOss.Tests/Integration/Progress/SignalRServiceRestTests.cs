using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Progress;
using TrustedOss.Pipeline.Progress.SignalRService;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Integration.Progress;

/// <summary>The REST publisher, client and negotiate step against a local server playing Azure SignalR Service.</summary>
public sealed class SignalRServiceRestTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Ts = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private FakeSignalRService service = null!;
    private readonly List<string> logs = [];

    public async Task InitializeAsync() => service = await FakeSignalRService.StartAsync();

    public async Task DisposeAsync() => await service.DisposeAsync();

    private SignalRServiceClient Client(string accessKey = FakeSignalRService.AccessKey) =>
        new(SignalRConnectionString.Parse(service.ConnectionString(accessKey)), TimeProvider.System);

    private SignalRServicePublisher Publisher(string accessKey = FakeSignalRService.AccessKey, int maxQueuedLogFrames = SignalRServicePublisher.MaxQueuedLogFrames) =>
        new(Client(accessKey), LoggerFactory.Create(b => b.AddProvider(new CollectingLoggerProvider(logs))).CreateLogger<SignalRServicePublisher>(), maxQueuedLogFrames);

    private async Task<FakeSignalRService.Call[]> WaitForCallsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (service.Calls.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the service saw {service.Calls.Count} of {count} calls");
            await Task.Delay(20);
        }
        return service.Calls.ToArray();
    }

    [Fact]
    public async Task The_publisher_posts_each_frame_to_the_scans_group_in_order_with_a_valid_token_for_that_url()
    {
        var scanId = Guid.NewGuid();
        var publisher = Publisher();
        await publisher.StartAsync(default);

        await publisher.PublishAsync(scanId, ScanFrames.Progress, new ProgressFrame("cdxgen", 28, Ts), default);
        await publisher.PublishAsync(scanId, ScanFrames.Stage, new StageFrame("cdxgen", "running", Ts), default);
        await publisher.PublishAsync(scanId, ScanFrames.Log, new LogFrame("cdxgen", "stdout", "resolving 12 packages", Ts), default);
        var calls = await WaitForCallsAsync(3);
        await publisher.StopAsync(default);

        var path = $"/api/v1/hubs/scans/groups/scan%3A{scanId}";
        Assert.All(calls, c =>
        {
            Assert.Equal(("POST", path, 202, (string?)null), (c.Method, c.Path, c.Status, c.Rejection));
            Assert.Equal(service.Endpoint.GetLeftPart(UriPartial.Authority) + path, c.Audience);
        });
        Assert.Equal(
            [
                $$"""{"target":"progress","arguments":[{"step":"cdxgen","percent":28,"ts":"2026-12-03T10:00:00+00:00"}]}""",
                $$"""{"target":"stage","arguments":[{"stage":"cdxgen","state":"running","ts":"2026-12-03T10:00:00+00:00"}]}""",
                $$"""{"target":"log","arguments":[{"stage":"cdxgen","stream":"stdout","line":"resolving 12 packages","ts":"2026-12-03T10:00:00+00:00"}]}""",
            ],
            calls.Select(c => c.Body!.Value.GetRawText()));
    }

    [Fact]
    public async Task A_wrong_access_key_is_refused_by_the_service_and_only_logged_by_the_publisher()
    {
        const string wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmc=";
        var scanId = Guid.NewGuid();
        var publisher = Publisher(wrongKey);
        await publisher.StartAsync(default);

        var publish = publisher.PublishAsync(scanId, ScanFrames.Progress, new ProgressFrame("fetch", 5, Ts), default);
        var call = Assert.Single(await WaitForCallsAsync(1));
        await publisher.StopAsync(default);

        Assert.True(publish.IsCompletedSuccessfully);
        Assert.Equal(401, call.Status);
        Assert.Contains("Signature", call.Rejection);
        var warning = Assert.Single(logs, l => l.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains($"progress frame for scan {scanId}", warning);
        Assert.Contains("401", warning);
        Assert.DoesNotContain(wrongKey, string.Join("\n", logs));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<SignalRServiceException>(
            () => Client(wrongKey).SendToGroupAsync("g", "progress", new { }, default))).Status);
    }

    [Fact]
    public async Task Publishing_never_waits_for_the_service_and_log_frames_past_the_queue_cap_are_dropped()
    {
        var scanId = Guid.NewGuid();
        var publisher = Publisher(maxQueuedLogFrames: 3);

        // Not started yet: nothing drains, so this is the queue a stalled service would leave behind.
        var published = new List<Task>();
        for (var i = 1; i <= 5; i++) published.Add(publisher.PublishAsync(scanId, ScanFrames.Log, new LogFrame("cdxgen", "stdout", $"line {i}", Ts), default));
        published.Add(publisher.PublishAsync(scanId, ScanFrames.Progress, new ProgressFrame("succeeded", 100, Ts), default));
        Assert.All(published, t => Assert.True(t.IsCompletedSuccessfully));

        await publisher.StartAsync(default);
        var calls = await WaitForCallsAsync(4);
        await publisher.StopAsync(default);

        Assert.Equal(["log", "log", "log", "progress"], calls.Select(c => c.Body!.Value.GetProperty("target").GetString()));
        Assert.Equal(["line 1", "line 2", "line 3"], calls.Take(3).Select(c => c.Body!.Value.GetProperty("arguments")[0].GetProperty("line").GetString()));
        Assert.Contains(logs, l => l.Contains("1 live log frames dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Adding_an_unknown_connection_to_a_group_is_a_404_from_the_service()
    {
        var error = await Assert.ThrowsAsync<SignalRServiceException>(() => Client().AddToGroupAsync("scan:x", "no-such-connection", default));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        var call = Assert.Single(service.Calls);
        Assert.Equal(("PUT", "/api/v1/hubs/scans/groups/scan%3Ax/connections/no-such-connection", (string?)null), (call.Method, call.Path, call.Rejection));
    }

    [Fact]
    public async Task A_real_client_follows_the_negotiate_response_and_receives_what_is_sent_to_its_group()
    {
        var userId = Guid.NewGuid();
        var negotiated = new SignalRNegotiation(new SignalRServiceOptions(SignalRConnectionString.Parse(service.ConnectionString()), null), TimeProvider.System)
            .Negotiate(new Caller(userId, "u@example.test", false, new Dictionary<Guid, TeamRole>()));
        var received = new ConcurrentQueue<JsonElement>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(negotiated.Url, o => o.AccessTokenProvider = () => Task.FromResult<string?>(negotiated.AccessToken))
            .Build();
        hub.On<JsonElement>("progress", received.Enqueue);
        await hub.StartAsync();

        var client = Client();
        await client.AddToGroupAsync("scan:1", hub.ConnectionId!, default);
        await client.SendToGroupAsync("scan:1", "progress", new ProgressFrame("prep", 12, Ts), default);
        await client.SendToGroupAsync("scan:2", "progress", new ProgressFrame("other scan", 50, Ts), default);
        await client.SendToConnectionAsync(hub.ConnectionId!, "progress", new ProgressFrame("direct", 13, Ts), default);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (received.Count < 2) { Assert.True(DateTime.UtcNow < deadline, "frames did not arrive"); await Task.Delay(20); }
        Assert.Equal(["prep", "direct"], received.Select(f => f.GetProperty("step").GetString()));
        Assert.Equal(userId.ToString(), service.ConnectedUsers[hub.ConnectionId!]);
    }

    [Fact]
    public async Task A_token_that_has_expired_or_names_another_url_is_refused_by_the_service()
    {
        // A publisher whose clock runs 10 minutes behind signs tokens that expired before they were sent (lifetime 5 minutes).
        var lagging = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        var stale = new SignalRServiceClient(SignalRConnectionString.Parse(service.ConnectionString(FakeSignalRService.AccessKey)), lagging);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<SignalRServiceException>(
            () => stale.SendToGroupAsync("g", "progress", new { }, default))).Status);
        Assert.Contains("Expired", Assert.Single(service.Calls).Rejection);

        // A valid token for another operation's URL is not accepted for this one.
        var issuer = new SignalRTokenIssuer(SignalRConnectionString.Parse(service.ConnectionString(FakeSignalRService.AccessKey)), TimeProvider.System);
        var client = Client();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, client.Url("groups/g"))
        {
            Content = new StringContent("""{"target":"progress","arguments":[{}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", issuer.ForServer(client.Url("groups/other")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
        Assert.Contains("Audience", service.Calls.Last().Rejection);
    }

    [Fact]
    public async Task A_client_token_signed_with_another_key_cannot_connect()
    {
        var negotiated = new SignalRNegotiation(
                new SignalRServiceOptions(SignalRConnectionString.Parse(service.ConnectionString("b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktb3RoZXI=")), null), TimeProvider.System)
            .Negotiate(new Caller(Guid.NewGuid(), "u@example.test", false, new Dictionary<Guid, TeamRole>()));
        await using var hub = new HubConnectionBuilder()
            .WithUrl(negotiated.Url, o => o.AccessTokenProvider = () => Task.FromResult<string?>(negotiated.AccessToken))
            .Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }
}
