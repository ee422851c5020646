using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TrustedOss.Pipeline.Api;

namespace TrustedOss.Pipeline.Progress.SignalRService;

/// <summary>
/// The few calls of Azure SignalR Service's data-plane REST API (v1) this app makes, each with a fresh
/// access-key JWT whose audience is the request URL. Messages are `{"target": …, "arguments": [frame]}`,
/// the frame in the API's snake_case JSON — the same bytes the self-host's hub sends.
/// </summary>
public sealed class SignalRServiceClient(SignalRConnectionString connection, TimeProvider clock, HttpClient? http = null)
{
    /// <summary>The hub clients negotiate for on the Functions host (the self-host serves its own at /hubs/scans).</summary>
    public const string Hub = "scans";

    /// <summary>One pooled client for the process: REST calls are short and never hold a scan up for long.</summary>
    private static readonly HttpClient SharedHttp = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private readonly SignalRTokenIssuer tokens = new(connection, clock);
    private readonly HttpClient client = http ?? SharedHttp;

    /// <summary>POST /api/v1/hubs/{hub}/groups/{group}: every connection in the group gets the frame.</summary>
    public Task SendToGroupAsync(string group, string target, object frame, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"groups/{Segment(group)}", Message(target, frame), ct);

    /// <summary>POST /api/v1/hubs/{hub}/connections/{connectionId}: one connection gets the frame.</summary>
    public Task SendToConnectionAsync(string connectionId, string target, object frame, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"connections/{Segment(connectionId)}", Message(target, frame), ct);

    /// <summary>PUT /api/v1/hubs/{hub}/groups/{group}/connections/{connectionId}; the service answers 404 for an unknown connection.</summary>
    public Task AddToGroupAsync(string group, string connectionId, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"groups/{Segment(group)}/connections/{Segment(connectionId)}", null, ct);

    /// <summary>The request URL of a hub operation; it is also the token's audience.</summary>
    public string Url(string operation) => $"{SignalRConnectionString.Base(connection.Endpoint)}/api/v1/hubs/{Hub}/{operation}";

    private static string Segment(string value) => Uri.EscapeDataString(value);

    private static byte[] Message(string target, object frame) =>
        JsonSerializer.SerializeToUtf8Bytes(new { target, arguments = new[] { frame } }, ApiJson.Options);

    private async Task SendAsync(HttpMethod method, string operation, byte[]? body, CancellationToken ct)
    {
        var url = Url(operation);
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.ForServer(url));
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName } } };
        using var response = await client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw new SignalRServiceException(response.StatusCode, $"{method} {new Uri(url).AbsolutePath}");
    }
}

/// <summary>The service refused a call. The message names the status and path only (never the token).</summary>
public sealed class SignalRServiceException(HttpStatusCode status, string call)
    : Exception($"Azure SignalR Service answered {(int)status} {status} to {call}.")
{
    public HttpStatusCode Status { get; } = status;
}
