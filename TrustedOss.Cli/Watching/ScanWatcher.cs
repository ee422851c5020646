using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using TrustedOss.CommandLine.Api;

namespace TrustedOss.CommandLine.Watching;

/// <summary>
/// Follows a scan until it ends: live over the self-host's hub <c>/hubs/scans</c> (the README's frames), or, where the
/// hub cannot be reached (the Functions host, a proxy without WebSockets), by polling the REST routes. Either way a
/// slow poll of <c>GET /v1/scans/{id}</c> decides the end, and the stored stages are printed last, so no stage is
/// missed even if a frame was.
/// </summary>
public sealed class ScanWatcher(TrustedOssApi api, ProgressPrinter printer, TimeSpan? pollInterval = null)
{
    private readonly TimeSpan poll = pollInterval ?? TimeSpan.FromSeconds(2);

    private sealed record Frame(string Type, JsonElement Body);

    public async Task<Scan> WatchAsync(Guid scanId, bool live, CancellationToken ct)
    {
        var scan = await api.GetScanAsync(scanId, ct);
        printer.Note($"scan {scan.Id} of {scan.ProjectName} ({scan.Kind}{(scan.Metadata?.Ref is { } r ? $", ref {r}" : "")}): {scan.Status}");
        if (!scan.IsTerminal)
        {
            var frames = Channel.CreateUnbounded<Frame>();
            if (!live) printer.Note($"polling every {poll.TotalSeconds:0.#} s (--poll)");
            await using var hub = live ? await ConnectAsync(scanId, frames.Writer, ct) : null;
            scan = hub is null ? await PollAsync(scanId, ct) : await FollowAsync(scanId, frames.Reader, ct);
        }
        foreach (var stage in await api.StagesAsync(scanId, ct)) printer.Stage(stage.Stage, stage.State, stage.Detail);
        printer.Progress(scan.Status, scan.ProgressPercent);
        printer.Finish();
        printer.Note($"scan {scan.Id} {scan.Status}{(scan.ErrorDetail is { } why ? $": {why}" : "")}");
        return scan;
    }

    /// <summary>The hub connection, subscribed; null (and one line saying why) when live progress is not available.</summary>
    private async Task<HubConnection?> ConnectAsync(Guid scanId, ChannelWriter<Frame> frames, CancellationToken ct)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Connection.BaseAddress, "hubs/scans"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(api.Connection.ApiKey))
            .WithAutomaticReconnect()
            .Build();
        foreach (var type in new[] { "progress", "stage", "log" })
            hub.On<JsonElement>(type, body => frames.TryWrite(new Frame(type, body)));
        // A reconnect is a new connection: subscribing again re-sends the current state (README "Live progress").
        hub.Reconnected += _ => hub.InvokeAsync("Subscribe", scanId.ToString(), CancellationToken.None);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await hub.StartAsync(timeout.Token);
            await hub.InvokeAsync("Subscribe", scanId.ToString(), timeout.Token);
            printer.Note("live progress over /hubs/scans");
            return hub;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await hub.DisposeAsync();
            printer.Note($"live progress unavailable ({ProblemLine.OneLine(e.Message)}); polling every {poll.TotalSeconds:0.#} s");
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
