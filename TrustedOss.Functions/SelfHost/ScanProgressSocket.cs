using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Progress;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// The spec's plain WebSocket progress feed, `ws(s)://host/ws/scans/{scan_id}` ("WebSocket progress feed"), for custom
/// clients that do not speak SignalR: only `{step, percent, ts}` frames. The current state comes first, so a reconnect
/// converges; then each change; the server closes the socket after the terminal step. The key, team check and
/// errors are the API's, answered before the upgrade. Self-host only: Functions HTTP triggers cannot upgrade.
/// </summary>
public static class ScanProgressSocket
{
    public const string Route = "/ws/scans/{scanId}";

    public static void MapScanProgressSocket(this IEndpointRouteBuilder app) => app.Map(Route, HandleAsync);

    private static async Task HandleAsync(HttpContext http, string scanId)
    {
        var services = http.RequestServices;
        if (await ScansHub.AuthenticateAsync(services.GetRequiredService<ApiKeyAuthenticator>(), http) is not { } caller)
        {
            await FailAsync(http, Problem.Unauthorized("Send the API key as the access_token query parameter or as 'Authorization: Bearer <key>'."));
            return;
        }
        var snapshot = services.GetRequiredService<ScanSnapshot>();
        Guid id;
        try
        {
            id = RouteIds.Parse("scan", scanId);
            await snapshot.EnsureVisibleAsync(caller, id, http.RequestAborted);
        }
        catch (ProblemException e)
        {
            await FailAsync(http, e.Problem);
            return;
        }
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await FailAsync(http, Problem.WebSocketRequired("This is the scan's WebSocket progress feed: connect with a WebSocket client (ws:// or wss://)."));
            return;
        }

        // Subscribe before reading the current state, so no change falls between the two.
        using var feed = services.GetRequiredService<ScanProgressFeeds>().Open(id);
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var listening = ListenForCloseAsync(socket, closed);
        try
        {
            Task<ProgressFrame> CurrentAsync() => snapshot.ProgressAsync(caller, id, closed.Token);
            var last = await CurrentAsync();
            await SendAsync(socket, last, closed.Token);
            while (!ScanStatus.IsTerminal(last.Step))
            {
                foreach (var next in await NextFramesAsync(feed, CurrentAsync, closed.Token))
                {
                    // A frame published before a state read is either in it already or older than it.
                    if (ScanStatus.IsTerminal(last.Step) || (!ScanStatus.IsTerminal(next.Step) && (next.Percent < last.Percent || next.Step == last.Step))) continue;
                    await SendAsync(socket, next, closed.Token);
                    last = next;
                }
            }
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, $"scan {last.Step}", closed.Token);
            // Wait (briefly) for the client's half of the close handshake, which the listener reads.
            await listening.WaitAsync(CloseHandshakeTimeout, http.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The client went away (or never answered the close); the scan is not affected.
        }
        if (socket.State == WebSocketState.CloseReceived)
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closed by the client", CancellationToken.None);
        await closed.CancelAsync();
        await listening;
    }

    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The next live frame; or, after <see cref="PollInterval"/> without one, the database's state. Frames come only from
    /// stages this instance runs, so with several instances on one task hub the database fills the gaps. Frames queued
    /// while the state was read come first: each was published before a later state could be committed.
    /// </summary>
    private static async Task<List<ProgressFrame>> NextFramesAsync(ScanProgressFeeds.Feed feed, Func<Task<ProgressFrame>> current, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(PollInterval);
        try
        {
            return [await feed.Frames.Reader.ReadAsync(wait.Token)];
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var polled = await current();
            var frames = new List<ProgressFrame>();
            while (feed.Frames.Reader.TryRead(out var queued)) frames.Add(queued);
            frames.Add(polled);
            return frames;
        }
    }

    private static Task SendAsync(WebSocket socket, ProgressFrame frame, CancellationToken ct) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame, ApiJson.Options), WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>Clients only listen; reading is how a close (or a dropped connection) is noticed.</summary>
    private static async Task ListenForCloseAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                if ((await socket.ReceiveAsync(buffer, closed.Token)).MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        if (socket.State != WebSocketState.Closed) await closed.CancelAsync();
    }

    private static Task FailAsync(HttpContext http, ApiProblem problem) =>
        HttpFunctionEndpoints.WriteAsync(http, ApiResults.Problem(problem, http.Request));
}
