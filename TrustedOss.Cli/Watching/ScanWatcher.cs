using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using TrustedOss.CommandLine.Api;

namespace TrustedOss.CommandLine.Watching;

/// <summary>How <see cref="ScanWatcher"/> gets frames: <c>auto</c> tries the hub, then the service, then polls.</summary>
public enum LiveTransport { Auto, Hub, Service, Poll }

/// <summary>
/// Follows a scan until it ends, in the web page's order: live over the self-host's hub <c>/hubs/scans</c> (calling
/// <c>Subscribe</c>); else through Azure SignalR Service in Serverless mode (negotiate at <c>/v1/scans</c>, then
/// <c>POST /v1/scans/{id}/subscribe</c> with the connection id: the Functions host's path); else by polling the REST
/// routes. Either way a slow poll of <c>GET /v1/scans/{id}</c> decides the end, and the stored stages are printed
/// last, so no stage is missed even if a frame was.
/// </summary>
public sealed class ScanWatcher(TrustedOssApi api, ProgressPrinter printer, TimeSpan? pollInterval = null)
{
    private readonly TimeSpan poll = pollInterval ?? TimeSpan.FromSeconds(2);

    private sealed record Frame(string Type, JsonElement Body);

    public async Task<Scan> WatchAsync(Guid scanId, LiveTransport transport, CancellationToken ct)
    {
        var scan = await api.GetScanAsync(scanId, ct);
        printer.Note($"scan {scan.Id} of {scan.ProjectName} ({scan.Kind}{(scan.Metadata?.Ref is { } r ? $", ref {r}" : "")}): {scan.Status}");
        if (!scan.IsTerminal)
        {
            var frames = Channel.CreateUnbounded<Frame>();
            LiveTransport[] order = transport switch
            {
                LiveTransport.Auto => [LiveTransport.Hub, LiveTransport.Service],
                LiveTransport.Poll => [],
                _ => [transport],
            };
            HubConnection? hub = null;
            foreach (var candidate in order)
                if ((hub = await ConnectAsync(scanId, candidate, frames.Writer, ct)) is not null) break;
            await using (hub)
            {
                if (hub is null) printer.Note($"polling every {poll.TotalSeconds:0.#} s");
                scan = hub is null ? await PollAsync(scanId, ct) : await FollowAsync(scanId, frames.Reader, ct);
            }
        }
        foreach (var stage in await api.StagesAsync(scanId, ct)) printer.Stage(stage.Stage, stage.State, stage.Detail);
        printer.Progress(scan.Status, scan.ProgressPercent);
        printer.Finish();
        printer.Note($"scan {scan.Id} {scan.Status}{(scan.ErrorDetail is { } why ? $": {why}" : "")}");
        return scan;
    }

    /// <summary>A connection subscribed to the scan over <paramref name="transport"/>; null (and one line saying why) when it is not available.</summary>
    private async Task<HubConnection?> ConnectAsync(Guid scanId, LiveTransport transport, ChannelWriter<Frame> frames, CancellationToken ct)
    {
        var (path, name) = transport == LiveTransport.Hub ? ("hubs/scans", "/hubs/scans") : ("v1/scans", "Azure SignalR Service");
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Connection.BaseAddress, path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(api.Connection.ApiKey))
            .WithAutomaticReconnect()
            .Build();
        foreach (var type in new[] { "progress", "stage", "log" })
            hub.On<JsonElement>(type, body => frames.TryWrite(new Frame(type, body)));
        // Subscribing (again, after a reconnect: a new connection) sends the current state first (README "Live progress").
        Task SubscribeAsync(CancellationToken token) => transport == LiveTransport.Hub
            ? hub.InvokeAsync("Subscribe", scanId.ToString(), token)
            : api.SubscribeAsync(scanId, hub.ConnectionId!, token);
        hub.Reconnected += _ => SubscribeAsync(CancellationToken.None);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await hub.StartAsync(timeout.Token);
            await SubscribeAsync(timeout.Token);
            printer.Note($"live progress over {name}");
            return hub;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await hub.DisposeAsync();
            printer.Note($"live progress over {name} unavailable ({ProblemLine.OneLine(e.Message)})");
            return null;
        }
    }

    private async Task<Scan> FollowAsync(Guid scanId, ChannelReader<Frame> frames, CancellationToken ct)
    {
        var nextPoll = DateTime.UtcNow + poll;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                if (await frames.WaitToReadAsync(wait.Token))
                    while (frames.TryRead(out var frame))
                        if (Print(frame)) return await api.GetScanAsync(scanId, ct);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            if (DateTime.UtcNow < nextPoll) continue;
            nextPoll = DateTime.UtcNow + poll;
            var scan = await api.GetScanAsync(scanId, ct);
            if (scan.IsTerminal)
            {
                while (frames.TryRead(out var frame)) Print(frame);
                return scan;
            }
        }
    }

    /// <summary>Prints one frame; true when it is the terminal progress frame.</summary>
    private bool Print(Frame frame)
    {
        string Get(string name) => frame.Body.TryGetProperty(name, out var v) ? v.ToString() : "";
        switch (frame.Type)
        {
            case "stage":
                printer.Stage(Get("stage"), Get("state"));
                return false;
            case "log":
                printer.Log(Get("stage"), Get("stream"), Get("line"));
                return false;
            default:
                var step = Get("step");
                printer.Progress(step, frame.Body.TryGetProperty("percent", out var p) && p.TryGetInt32(out var percent) ? percent : 0);
                return Scan.TerminalStatuses.Contains(step);
        }
    }

    private async Task<Scan> PollAsync(Guid scanId, CancellationToken ct)
    {
        long afterSeq = 0;
        while (true)
        {
            var scan = await api.GetScanAsync(scanId, ct);
            foreach (var stage in await api.StagesAsync(scanId, ct))
                if (stage.State != "pending") printer.Stage(stage.Stage, stage.State, stage.Detail);
            IReadOnlyList<LogLine> lines;
            do
            {
                lines = await api.LogsAsync(scanId, afterSeq, ct);
                foreach (var line in lines) printer.Log(line.Stage, line.Stream, line.Line);
                if (lines.Count > 0) afterSeq = lines[^1].Seq;
            } while (lines.Count > 0);
            printer.Progress(scan.CurrentStep ?? scan.Status, scan.ProgressPercent);
            if (scan.IsTerminal) return scan;
            await Task.Delay(poll, ct);
        }
    }
}
