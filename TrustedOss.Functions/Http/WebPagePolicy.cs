using TrustedOss.Pipeline.Configuration;

namespace TrustedOss.Functions.Http;

/// <summary>
/// The web page's Content-Security-Policy. The page loads nothing from elsewhere and talks to its own origin
/// (API and hub), plus the Azure SignalR Service a negotiate sends its SignalR client to when one is configured:
/// the Serverless one behind `/v1/scans/negotiate` (the Functions host's live progress) and the Default-mode
/// one behind the self-host's hub.
/// </summary>
public static class WebPagePolicy
{
    public static string ContentSecurityPolicy(SignalRServiceOptions signalR) =>
        $"default-src 'self'; connect-src {string.Join(' ', ["'self'", .. ConnectSources(LiveProgressEndpoints(signalR))])}; " +
        "img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Where clients of each configured service connect: its ClientEndpoint, else its Endpoint (with Port).</summary>
    public static IReadOnlyList<Uri> LiveProgressEndpoints(SignalRServiceOptions signalR)
    {
        var endpoints = new List<Uri>();
        if (signalR.ConnectionString is { } serverless) endpoints.Add(serverless.ClientEndpoint);
        if (signalR.SelfHostConnectionString is { } selfHost && ClientEndpointOf(selfHost) is { } endpoint) endpoints.Add(endpoint);
        return endpoints;
    }

    // Only the endpoint keys are read: the self-host's string may use Microsoft Entra ID (AuthType), which
    // the service SDK accepts and SignalRConnectionString does not.
    private static Uri? ClientEndpointOf(string connectionString)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (part.Split('=', 2) is [var key, var value]) pairs.TryAdd(key.Trim(), value.Trim());
        if (pairs.TryGetValue("ClientEndpoint", out var client) && HttpUri(client) is { } clientUri) return clientUri;
        if (!pairs.TryGetValue("Endpoint", out var endpoint) || HttpUri(endpoint) is not { } uri) return null;
        return pairs.TryGetValue("Port", out var port) && int.TryParse(port, out var p) && p is > 0 and < 65536 ? new UriBuilder(uri) { Port = p }.Uri : uri;
    }

    private static Uri? HttpUri(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri : null;

    // The client negotiates over http(s), then opens a WebSocket: CSP matches ws(s) only when spelled out.
    private static IEnumerable<string> ConnectSources(IEnumerable<Uri> endpoints) =>
        endpoints.SelectMany(e => new[] { e.GetLeftPart(UriPartial.Authority), (e.Scheme == "https" ? "wss://" : "ws://") + e.Authority })
            .Distinct(StringComparer.OrdinalIgnoreCase);
}
