using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.EndToEnd;

/// <summary>The self-host's SignalR hub with the real .NET client: team check, live frames, replay of a finished scan.</summary>
public sealed class ScanProgressHubTests(SelfHostServer server) : IClassFixture<SelfHostServer>
{
    private sealed record Frame(string Type, JsonElement Body);

    private async Task<(HubConnection Hub, ConcurrentQueue<Frame> Frames)> ConnectAsync(string key)
    {
        var frames = new ConcurrentQueue<Frame>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/scans"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(key))
            .Build();
        foreach (var type in new[] { "progress", "stage", "log" })
            hub.On<JsonElement>(type, body => frames.Enqueue(new Frame(type, body)));
        await hub.StartAsync();
        return (hub, frames);
    }


    private static async Task WaitForAsync(ConcurrentQueue<Frame> frames, Func<Frame, bool> predicate)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!frames.Any(predicate))
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out; frames: " + string.Join(", ", frames.Select(f => $"{f.Type}:{f.Body}")));
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_subscriber_gets_live_stage_and_progress_frames_through_to_succeeded()
    {
        var (key, scanId) = await server.StartDemoScanAsync();
        var (hub, frames) = await ConnectAsync(key);
        await using var _ = hub;

        await hub.InvokeAsync("Subscribe", scanId);
        await WaitForAsync(frames, f => f.Type == "progress" && f.Body.GetProperty("step").GetString() == "succeeded");

        var last = frames.Last(f => f.Type == "progress").Body;
        Assert.Equal(100, last.GetProperty("percent").GetInt32());
        var finished = frames.Where(f => f.Type == "stage" && f.Body.GetProperty("state").GetString() == "succeeded")
            .Select(f => f.Body.GetProperty("stage").GetString()).Distinct().ToArray();
        // Stages that ended before the subscription come from its snapshot, the rest live: together, every stage.
        Assert.Equal(["bootstrap", "fetch", "prep", "cdxgen", "scancode", "dt_upload", "dt_findings", "finalize"], finished.Order(Comparer<string?>.Create((a, b) => Array.IndexOf(Slugs, a) - Array.IndexOf(Slugs, b))));
        Assert.Contains(frames, f => f.Type == "log" && f.Body.GetProperty("stage").GetString() == "cdxgen");
        // From the state the subscription found, every later slug arrives, in spec order, with percent never going down.
        var progress = frames.Where(f => f.Type == "progress").Select(f => (Step: f.Body.GetProperty("step").GetString()!, Percent: f.Body.GetProperty("percent").GetInt32())).ToArray();
        var order = progress.Select(p => Array.IndexOf(Slugs, p.Step)).ToArray();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Equal(Slugs[order[0]..], order.Distinct().Select(i => Slugs[i]));
        // The subscription lands right after the trigger, long before cdxgen (seconds) ends: so at least every slug from
        // cdxgen on was seen live, in order — the assertion above cannot pass on a subscription that only saw the end.
        Assert.True(order[0] <= Array.IndexOf(Slugs, "cdxgen"), $"the first progress frame was '{Slugs[order[0]]}'");
        Assert.Equal(progress.Select(p => p.Percent).Order(), progress.Select(p => p.Percent));
    }

    private static readonly string[] Slugs = ["queued", "bootstrap", "fetch", "prep", "cdxgen", "scancode", "dt_upload", "dt_findings", "finalize", "succeeded"];

    [Fact]
    public async Task A_container_scan_sends_the_same_frames_for_its_own_stages_only()
    {
        var archive = await new TrustedOss.Shared.ImageArchiveBuilder(Path.Combine(server.Scratch, "images", Guid.NewGuid().ToString("N"))).BuildAsync(TrustedOss.Shared.ImageArchiveKind.DockerSave);
        var dev = await server.NewMemberAsync("developer");
        var client = server.Client(dev.Key);
        var projectId = await TrustedOss.Shared.SelfHostApi.CreateProjectWithoutSourceAsync(client);
        var (hub, frames) = await ConnectAsync(dev.Key);
        await using var _ = hub;
        using var upload = await TrustedOss.Shared.SelfHostApi.UploadScanAsync(client, projectId, archive, "app.tar", "container");
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var scanId = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        await hub.InvokeAsync("Subscribe", scanId);
        await WaitForAsync(frames, f => f.Type == "progress" && f.Body.GetProperty("step").GetString() == "succeeded");

        var stages = frames.Where(f => f.Type == "stage").Select(f => f.Body.GetProperty("stage").GetString()).Distinct().ToHashSet();
        Assert.Superset(new HashSet<string?> { "dt_upload", "dt_findings", "finalize" }, stages);
        Assert.Empty(stages.Intersect(["prep", "cdxgen", "scancode"]));
        Assert.Contains(frames, f => f.Type == "log" && f.Body.GetProperty("stage").GetString() == "dt_upload" && f.Body.GetProperty("line").GetString()!.Contains("packages in the image"));
        var progress = frames.Where(f => f.Type == "progress").Select(f => f.Body.GetProperty("percent").GetInt32()).ToArray();
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(100, progress[^1]);
    }

    [Fact]
    public async Task Subscribing_mid_scan_first_delivers_the_current_state()
    {
        var (key, scanId) = await server.StartDemoScanAsync();
        var http = server.Client(key);
        await ScanWaits.WaitForToolAsync(http, scanId, "cdxgen", Path.Combine(server.Scratch, "workspaces"));

        var (hub, frames) = await ConnectAsync(key);
        await using var _ = hub;
        await hub.InvokeAsync("Subscribe", scanId);
        await WaitForAsync(frames, f => f.Type == "progress");

        // The snapshot: every stage's state, then the progress; cdxgen (a ~3 s tool run) is still the current stage.
        var snapshot = frames.TakeWhile(f => f.Type != "progress").Where(f => f.Type == "stage")
            .ToDictionary(f => f.Body.GetProperty("stage").GetString()!, f => f.Body.GetProperty("state").GetString());
        Assert.Equal(8, snapshot.Count);
        Assert.Equal(new string?[] { "succeeded", "succeeded", "succeeded", "running", "pending" },
            new[] { "bootstrap", "fetch", "prep", "cdxgen", "scancode" }.Select(s => snapshot[s]));
        Assert.Equal("cdxgen", frames.First(f => f.Type == "progress").Body.GetProperty("step").GetString());
        await WaitForAsync(frames, f => f.Type == "progress" && f.Body.GetProperty("step").GetString() == "succeeded");
    }

    [Fact]
    public async Task Subscribing_to_a_finished_scan_replays_terminal_states_only()
    {
        var (key, scanId) = await server.StartDemoScanAsync();
        var (watcher, live) = await ConnectAsync(key);
        await watcher.InvokeAsync("Subscribe", scanId);
        await WaitForAsync(live, f => f.Type == "progress" && f.Body.GetProperty("step").GetString() == "succeeded");
        await watcher.DisposeAsync();

        var (hub, frames) = await ConnectAsync(key);
        await using var _ = hub;
        await hub.InvokeAsync("Subscribe", scanId);
        await WaitForAsync(frames, f => f.Type == "progress");

        Assert.Equal(8, frames.Count(f => f.Type == "stage"));
        Assert.DoesNotContain(frames, f => f.Type == "stage" && f.Body.GetProperty("state").GetString() is "running" or "pending");
        Assert.Equal("succeeded", frames.Single(f => f.Type == "progress").Body.GetProperty("step").GetString());
        Assert.Contains(frames, f => f.Type == "log" && f.Body.GetProperty("stage").GetString() == "finalize");
    }

    [Fact]
    public async Task Another_teams_scan_cannot_be_subscribed_and_a_bad_key_cannot_connect()
    {
        var (ownerKey, scanId) = await server.StartDemoScanAsync();
        var stranger = await server.NewMemberAsync("admin");
        var (hub, frames) = await ConnectAsync(stranger.Key);
        await using var _ = hub;

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Subscribe", scanId));
        Assert.Contains("not a member", error.Message);
        Assert.Empty(frames);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync("tos_wrong"));

        await server.Client(ownerKey).PostAsync($"/v1/scans/{scanId}/cancel", null);
    }
}
