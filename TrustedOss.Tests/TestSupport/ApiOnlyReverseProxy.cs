using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// A loopback reverse proxy in front of a self-host that routes only the REST API: <c>/v1/…</c> is forwarded
/// (method, path, query, headers, body; the answer streamed back as it is), every other path — the hub
/// <c>/hubs/scans</c> included — gets 404 and is recorded in <see cref="Refused"/>. It stands for a deployment whose
/// proxy was configured for the API only, where a client finds no live transport.
/// </summary>
public sealed class ApiOnlyReverseProxy(Uri target) : IAsyncDisposable
{
    private readonly HttpClient upstream = new() { BaseAddress = target, Timeout = TimeSpan.FromMinutes(5) };
    private WebApplication? app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The paths answered 404 instead of forwarded.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Run(ForwardAsync);
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.First());
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            Refused.Enqueue(path);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path + context.Request.QueryString);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            request.Content = new StreamContent(context.Request.Body);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) context.Response.Headers[name] = values.ToArray();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
        upstream.Dispose();
    }
}
