using Microsoft.AspNetCore.SignalR;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Progress;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// The self-host's SignalR hub (`/hubs/scans`). Clients connect with their API key (`access_token` query,
/// as the JS and .NET clients send it, or the Authorization header) and call `Subscribe(scanId)`: the same
/// team check as GET /v1/scans/{id}, then the current state, then live `progress`, `stage` and `log` frames.
/// </summary>
public sealed class ScansHub(ApiKeyAuthenticator authenticator, ScanSnapshot snapshot) : Hub
{
    public const string Path = "/hubs/scans";
    private const string CallerKey = "caller";

    public override async Task OnConnectedAsync()
    {
        var http = Context.GetHttpContext();
        var key = http?.Request.Query["access_token"].FirstOrDefault();
        var caller = key is { Length: > 0 }
            ? await authenticator.AuthenticateKeyAsync(key, Context.ConnectionAborted)
            : await authenticator.AuthenticateAsync(http?.Request.Headers.Authorization.ToString(), Context.ConnectionAborted);
        if (caller is null) throw new HubException(Problem.Unauthorized().Title);
        Context.Items[CallerKey] = caller;
        await base.OnConnectedAsync();
    }

    public async Task Subscribe(string scanId)
    {
        var caller = (Caller)Context.Items[CallerKey]!;
        IReadOnlyList<(string Type, object Frame)> frames;
        Guid id;
        try
        {
            id = RouteIds.Parse("scan", scanId);
            frames = await snapshot.FramesAsync(caller, id, Context.ConnectionAborted);
        }
        catch (ProblemException e)
        {
            throw new HubException(e.Problem.Detail);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, ScanFrames.Group(id), Context.ConnectionAborted);
        foreach (var (type, frame) in frames) await Clients.Caller.SendAsync(type, frame, Context.ConnectionAborted);
    }

    public Task Unsubscribe(string scanId) =>
        Guid.TryParse(scanId, out var id) ? Groups.RemoveFromGroupAsync(Context.ConnectionId, ScanFrames.Group(id)) : Task.CompletedTask;
}

/// <summary>Publishes frames to the hub's scan groups (in-process, or through Azure SignalR Service when configured).</summary>
public sealed class HubScanFramePublisher(IHubContext<ScansHub> hub) : IScanFramePublisher
{
    public Task PublishAsync(Guid scanId, string frameType, object frame, CancellationToken cancellationToken) =>
        hub.Clients.Group(ScanFrames.Group(scanId)).SendAsync(frameType, frame, cancellationToken);
}
