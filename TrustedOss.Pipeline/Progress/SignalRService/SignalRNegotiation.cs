using System.Text.Json.Serialization;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Pipeline.Progress.SignalRService;

/// <summary>
/// The serverless negotiate step: tells a SignalR client to connect to Azure SignalR Service's `scans` hub
/// with a token for the caller's user id. The JS and .NET clients follow `{url, accessToken}` on their own.
/// </summary>
public sealed class SignalRNegotiation(SignalRServiceOptions options, TimeProvider clock)
{
    public NegotiateResponse Negotiate(Caller caller)
    {
        var connection = options.Require();
        var query = $"/client/?hub={SignalRServiceClient.Hub}";
        // The service checks `aud` against its own endpoint; ClientEndpoint is only where the client goes.
        var audience = SignalRConnectionString.Base(connection.Endpoint) + query;
        var url = SignalRConnectionString.Base(connection.ClientEndpoint) + query;
        return new NegotiateResponse(url, new SignalRTokenIssuer(connection, clock).ForClient(audience, caller.UserId.ToString()));
    }
}

/// <summary>The SignalR redirect negotiation body; its member names are the SignalR protocol's, not snake_case.</summary>
public sealed record NegotiateResponse(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("accessToken")] string AccessToken);
