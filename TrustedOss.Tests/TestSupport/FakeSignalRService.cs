using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// A local stand-in for Azure SignalR Service in Serverless mode, on a free loopback port. It checks every
/// call the way the service does — HS256 JWT signed with the access key, `aud` equal to the URL called,
/// `exp` in the future (and at most an hour away) — and records what it saw. REST: send to a group
/// (POST /api/v1/hubs/{hub}/groups/{group}), send to a connection (POST …/connections/{id}) and add a
/// connection to a group (PUT …/groups/{group}/connections/{id}; 404 for an unknown connection). Clients:
/// `/client/?hub={hub}` is a real SignalR endpoint, so the real .NET client (or a browser's JS client)
/// can follow a negotiate redirect here and receive what the REST calls send.
/// </summary>
public sealed class FakeSignalRService : IAsyncDisposable
{
    public const string AccessKey = "ZmFrZS1zaWduYWxyLWFjY2Vzcy1rZXktZm9yLXRlc3Rz0123456789==";
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromHours(1);

    public sealed record Call(string Method, string Path, string Audience, int Status, JsonElement? Body, string? Rejection);

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, string> connections = new();

    /// <summary>Every REST call, accepted or not, in arrival order.</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    public string ConnectionString(string accessKey = AccessKey) => $"Endpoint={Endpoint.GetLeftPart(UriPartial.Authority)};AccessKey={accessKey};Version=1.0;";

    /// <summary>The user id (`nameid`) each connected client's token carried.</summary>
    public IReadOnlyDictionary<string, string> ConnectedUsers => connections;

    private FakeSignalRService(WebApplication app) => this.app = app;

    public static async Task<FakeSignalRService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSignalR();
        builder.Services.AddCors();
        builder.Services.AddSingleton<ConnectionRegistry>();
        var app = builder.Build();
        var fake = new FakeSignalRService(app);
        app.Services.GetRequiredService<ConnectionRegistry>().Service = fake;
        // Browsers negotiate from the page's origin; the service allows any origin by default (CORS "*"),
        // and the SignalR JS client sends credentials, so the origin is echoed.
        app.UseCors(cors => cors.SetIsOriginAllowed(_ => true).AllowAnyHeader().AllowAnyMethod().AllowCredentials());
        app.Use(fake.AuthenticateClientAsync);
        app.MapHub<ClientHub>("/client");
        app.MapPost("/api/v1/hubs/{hub}/groups/{group}", (HttpContext c, string hub, string group) => fake.RestAsync(c, (hubs, body) =>
            hubs.Clients.Group(group).SendCoreAsync(Target(body), Arguments(body))));
        app.MapPost("/api/v1/hubs/{hub}/connections/{connectionId}", (HttpContext c, string hub, string connectionId) => fake.RestAsync(c, (hubs, body) =>
            fake.connections.ContainsKey(connectionId) ? hubs.Clients.Client(connectionId).SendCoreAsync(Target(body), Arguments(body)) : Task.CompletedTask));
        app.MapPut("/api/v1/hubs/{hub}/groups/{group}/connections/{connectionId}", (HttpContext c, string hub, string group, string connectionId) =>
            fake.RestAsync(c, (hubs, _) => fake.connections.ContainsKey(connectionId) ? hubs.Groups.AddToGroupAsync(connectionId, group) : throw new KeyNotFoundException()));
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    private static string Target(JsonElement? body) => body!.Value.GetProperty("target").GetString()!;
    private static object?[] Arguments(JsonElement? body) => body!.Value.GetProperty("arguments").EnumerateArray().Select(a => (object?)a.Clone()).ToArray();

    /// <summary>The URL as the service sees it: scheme, host and the raw (still escaped) path, query excluded.</summary>
    private static string RequestUrl(HttpContext c) =>
        $"{c.Request.Scheme}://{c.Request.Host}{c.Features.Get<IHttpRequestFeature>()!.RawTarget.Split('?')[0]}";

    private async Task<IResult> RestAsync(HttpContext c, Func<IHubContext<ClientHub>, JsonElement?, Task> apply)
    {
        var audience = RequestUrl(c);
        var body = c.Request.ContentLength > 0 ? JsonDocument.Parse(await new StreamReader(c.Request.Body, Encoding.UTF8).ReadToEndAsync()).RootElement.Clone() : (JsonElement?)null;
        var path = c.Features.Get<IHttpRequestFeature>()!.RawTarget;
        if (await ValidateAsync(c.Request.Headers.Authorization.ToString(), audience) is { } rejection)
        {
            Calls.Enqueue(new Call(c.Request.Method, path, audience, 401, body, rejection));
            return Results.Unauthorized();
        }
        try
        {
            await apply(c.RequestServices.GetRequiredService<IHubContext<ClientHub>>(), body);
        }
        catch (KeyNotFoundException)
        {
            Calls.Enqueue(new Call(c.Request.Method, path, audience, 404, body, null));
            return Results.NotFound();
        }
        var status = c.Request.Method == "PUT" ? 200 : 202;
        Calls.Enqueue(new Call(c.Request.Method, path, audience, status, body, null));
        return Results.StatusCode(status);
    }

    /// <summary>Clients present the negotiate response's token as `access_token` (WebSockets) or a Bearer header.</summary>
    private async Task AuthenticateClientAsync(HttpContext c, Func<Task> next)
    {
        if (!c.Request.Path.StartsWithSegments("/client")) { await next(); return; }
        var hub = c.Request.Query["hub"].ToString();
        var token = c.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } t ? "Bearer " + t : c.Request.Headers.Authorization.ToString();
        var audience = $"{Endpoint.GetLeftPart(UriPartial.Authority)}/client/?hub={hub}";
        var result = await ValidateTokenAsync(token, audience);
        if (!result.IsValid || !result.ClaimsIdentity.HasClaim(claim => claim.Type == "nameid"))
        {
            c.Response.StatusCode = 401;
            return;
        }
        c.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, result.ClaimsIdentity.FindFirst("nameid")!.Value)], "fake-signalr"));
        await next();
    }

    private async Task<string?> ValidateAsync(string authorization, string audience)
    {
        var result = await ValidateTokenAsync(authorization, audience);
        return result.IsValid ? null : result.Exception?.GetType().Name ?? "invalid token";
    }

    private static async Task<TokenValidationResult> ValidateTokenAsync(string authorization, string audience)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return new TokenValidationResult { IsValid = false };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(authorization["Bearer ".Length..], new TokenValidationParameters
        {
            ValidAudience = audience,
            ValidateIssuer = false,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.Zero,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(AccessKey)),
        });
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.ValidTo > DateTime.UtcNow + MaxTokenLifetime + TimeSpan.FromMinutes(1))
            return new TokenValidationResult { IsValid = false, Exception = new SecurityTokenInvalidLifetimeException("expiry is more than an hour away") };
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>The client side of the fake service: it only tracks who is connected (clients only listen in Serverless mode).</summary>
    private sealed class ClientHub(ConnectionRegistry registry) : Hub
    {
        public override Task OnConnectedAsync()
        {
            registry.Service!.connections[Context.ConnectionId] = Context.UserIdentifier ?? "";
            return base.OnConnectedAsync();
        }

        public override Task OnDisconnectedAsync(Exception? exception)
        {
            registry.Service!.connections.TryRemove(Context.ConnectionId, out _);
            return base.OnDisconnectedAsync(exception);
        }
    }

    private sealed class ConnectionRegistry
    {
        public FakeSignalRService? Service { get; set; }
    }
}
