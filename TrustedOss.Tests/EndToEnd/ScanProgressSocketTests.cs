using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.EndToEnd;

/// <summary>The spec's plain WebSocket progress feed (`/ws/scans/{scan_id}`) on the self-host, with a real scan and a raw WebSocket client.</summary>
public sealed class ScanProgressSocketTests(SelfHostServer server) : IClassFixture<SelfHostServer>
{
    private static readonly string[] Steps = ["queued", "bootstrap", "fetch", "prep", "cdxgen", "scancode", "dt_upload", "dt_findings", "finalize", "succeeded"];


    /// <summary>Every message until the server closes the socket, and how it closed.</summary>
    private async Task<(List<JsonElement> Frames, WebSocketCloseStatus? Close)> ReadFeedAsync(string scanId, string key)
    {
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var url = new Uri(new Uri(server.BaseAddress.ToString().Replace("http://", "ws://")), $"/ws/scans/{scanId}?access_token={Uri.EscapeDataString(key)}");
        await socket.ConnectAsync(url, timeout.Token);
        var frames = new List<JsonElement>();
        var buffer = new byte[4096];
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close) return (frames, socket.CloseStatus);
            frames.Add(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
        }
    }

    [Fact]
    public async Task A_client_gets_step_percent_ts_frames_in_slug_order_through_succeeded_and_the_server_then_closes()
    {
        var (key, scanId) = await server.StartDemoScanAsync();

        var (frames, close) = await ReadFeedAsync(scanId, key);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, close);
        Assert.All(frames, f => Assert.Equal(["step", "percent", "ts"], f.EnumerateObject().Select(p => p.Name)));
        var order = frames.Select(f => Array.IndexOf(Steps, f.GetProperty("step").GetString())).ToArray();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Distinct().Order(), order); // each step once, in the spec's order
        Assert.True(order[0] <= Array.IndexOf(Steps, "cdxgen"), $"the first frame was '{Steps[order[0]]}'"); // connected while the scan ran
        Assert.Equal(Steps[order[0]..], order.Select(i => Steps[i])); // from there, no step skipped
        var percents = frames.Select(f => f.GetProperty("percent").GetInt32()).ToArray();
        Assert.Equal(percents.Order(), percents);
        Assert.Equal(100, percents[^1]);

        // Reconnecting to the finished scan converges at once: its terminal state, then the close.
        var (replay, replayClose) = await ReadFeedAsync(scanId, key);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, replayClose);
        var only = Assert.Single(replay);
        Assert.Equal(("succeeded", 100), (only.GetProperty("step").GetString(), only.GetProperty("percent").GetInt32()));
    }

    [Fact]
    public async Task The_feed_answers_the_apis_problems_before_any_upgrade()
    {
        var (key, scanId) = await server.StartDemoScanAsync();
        var stranger = await server.NewMemberAsync("admin");

        await ProblemAssert.IsProblemAsync(await server.Client().GetAsync($"/ws/scans/{scanId}"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await server.Client().GetAsync($"/ws/scans/{scanId}?access_token=not-a-key"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await server.Client(stranger.Key).GetAsync($"/ws/scans/{scanId}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await server.Client(key).GetAsync($"/ws/scans/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        var plain = await ProblemAssert.IsProblemAsync(await server.Client(key).GetAsync($"/ws/scans/{scanId}"), HttpStatusCode.BadRequest);
        Assert.Contains("WebSocket", plain.GetProperty("detail").GetString());

        using var socket = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(
            new Uri(new Uri(server.BaseAddress.ToString().Replace("http://", "ws://")), $"/ws/scans/{scanId}?access_token={Uri.EscapeDataString(stranger.Key)}"), default));
        Assert.Contains("404", refused.Message);
        await server.Client(key).PostAsync($"/v1/scans/{scanId}/cancel", null);
    }
}
