using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
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
    private const string AuthenticationType = "ApiKey";

    /// <summary>
    /// The caller comes from the user id the key check put on the request (<see cref="RequireApiKeyAsync"/> is
    /// its only source), not from the key itself: through Azure SignalR Service the connection carries the
    /// negotiate request's user id, never the key. UserIdentifier is that id in both modes.
    /// </summary>
    public override async Task OnConnectedAsync()
    {
        Context.Items[CallerKey] = (Guid.TryParse(Context.UserIdentifier, out var userId)
                ? await authenticator.AuthenticatedUserAsync(userId, Context.ConnectionAborted)
                : null)
            ?? throw new HubException(Problem.Unauthorized().Title);
        await base.OnConnectedAsync();
    }

    /// <summary>The API key from the `access_token` query (browsers cannot set headers on WebSockets) or the Authorization header.</summary>
    public static Task<Caller?> AuthenticateAsync(ApiKeyAuthenticator authenticator, HttpContext http) =>
        http.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } key
            ? authenticator.AuthenticateKeyAsync(key, http.RequestAborted)
            : authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);

    /// <summary>
    /// Refuses negotiation and connection without a valid key: 401 problem+json, before any hub state exists.
    /// A valid key becomes the request's user (its id as NameIdentifier), which the hub reads on connect.
    /// </summary>
    public static async Task RequireApiKeyAsync(HttpContext http, Func<Task> next)
    {
        if (http.Request.Path.StartsWithSegments(Path))
        {
            if (await AuthenticateAsync(http.RequestServices.GetRequiredService<ApiKeyAuthenticator>(), http) is not { } caller)
            {
                await HttpFunctionEndpoints.WriteAsync(http, Http.ApiResults.Problem(Problem.Unauthorized(), http.Request));
                return;
            }
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, caller.UserId.ToString())], AuthenticationType));
        }
        await next();
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

/// <summary>Publishes frames to the hub's scan groups (in-process, or through Azure SignalR Service with SELFHOST_AZURE_SIGNALR_CONNECTION_STRING).</summary>
public sealed class HubScanFramePublisher(IHubContext<ScansHub> hub) : IScanFramePublisher
{
    public Task PublishAsync(Guid scanId, string frameType, object frame, CancellationToken cancellationToken) =>
        hub.Clients.Group(ScanFrames.Group(scanId)).SendAsync(frameType, frame, cancellationToken);
}
