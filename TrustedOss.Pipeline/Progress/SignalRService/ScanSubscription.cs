using System.Net;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Pipeline.Progress.SignalRService;

/// <summary>
/// Serverless `Subscribe`: the same team check as GET /v1/scans/{id} (another team's scan is 404), then
/// the connection joins the scan's group and receives the current state — exactly what the self-host's
/// hub does for `Subscribe(scanId)`, through the service's REST API.
/// </summary>
public sealed class ScanSubscription(SignalRServiceOptions options, ScanSnapshot snapshot, TimeProvider clock)
{
    public const int MaxConnectionIdLength = 256;

    public async Task<SubscriptionView> SubscribeAsync(Caller caller, Guid scanId, string? connectionId, CancellationToken ct)
    {
        var client = new SignalRServiceClient(options.Require(), clock);
        if (string.IsNullOrWhiteSpace(connectionId) || connectionId.Length > MaxConnectionIdLength || connectionId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            throw Problem.Invalid("connection_id", $"'connection_id' must be the SignalR connection id (1–{MaxConnectionIdLength} characters, no spaces).").ToException();

        var frames = await snapshot.FramesAsync(caller, scanId, ct);
        var group = ScanFrames.Group(scanId);
        try
        {
            await client.AddToGroupAsync(group, connectionId, ct);
            foreach (var (type, frame) in frames) await client.SendToConnectionAsync(connectionId, type, frame, ct);
        }
        catch (SignalRServiceException e) when (e.Status == HttpStatusCode.NotFound)
        {
            throw Problem.Invalid("connection_id", "No connection with this id is open on the scans hub; connect first, then subscribe with the id the client reports.").ToException();
        }
        catch (Exception e) when (e is SignalRServiceException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw Problem.Unavailable("Live progress unavailable", $"Azure SignalR Service did not take the subscription ({e.Message}). Poll GET /v1/scans/{scanId} meanwhile.").ToException();
        }
        return new SubscriptionView(scanId, group, frames.Count);
    }
}

/// <summary>What a subscribe call did: the group the connection joined and how many snapshot frames it was sent.</summary>
public sealed record SubscriptionView(Guid ScanId, string Group, int SnapshotFrames);

/// <summary>POST /v1/scans/{id}/subscribe body: the id the SignalR client got from the service (a missing one is 422 on connection_id).</summary>
public sealed record SubscribeRequest(string? ConnectionId = null);
