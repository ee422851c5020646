using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TrustedOss.Shared;

/// <summary>
/// A minimal read-only container registry (the distribution API's pull side: `/v2/`, manifests by tag or digest,
/// blobs) over plain HTTP on loopback, serving one OCI layout directory under every repository name. It answers
/// only requests with HTTP Basic credentials <paramref name="username"/>:<paramref name="password"/> (a 401
/// challenge otherwise), so a successful pull proves the credentials reached it. Records what it served.
/// Shared by the tests and the benchmark.
/// </summary>
public sealed class OciLayoutRegistry(string layoutDir, string username, string password) : IAsyncDisposable
{
    private WebApplication? app;

    public List<string> Served { get; } = [];

    public int UnauthorizedRequests { get; private set; }

    public string Host { get; private set; } = "";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        app.Run(async context =>
        {
            if (context.Request.Headers.Authorization != expected)
            {
                UnauthorizedRequests++;
                context.Response.StatusCode = (int)HttpStatusCode.Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"test\"";
                return;
            }
            var path = context.Request.Path.Value ?? "";
            lock (Served) Served.Add(path);
            if (path == "/v2/") { await context.Response.WriteAsync("{}"); return; }
            var (digest, mediaType) = path.Contains("/manifests/", StringComparison.Ordinal) ? Manifest(path[(path.LastIndexOf('/') + 1)..])
                : path.Contains("/blobs/", StringComparison.Ordinal) ? (path[(path.LastIndexOf('/') + 1)..], "application/octet-stream")
                : (null, null);
            var file = digest is null ? null : Path.Combine(layoutDir, "blobs", "sha256", digest.Replace("sha256:", "", StringComparison.Ordinal));
            if (file is null || !File.Exists(file)) { context.Response.StatusCode = 404; return; }
            context.Response.ContentType = mediaType;
            context.Response.Headers["Docker-Content-Digest"] = digest;
            context.Response.ContentLength = new FileInfo(file).Length;
            if (!HttpMethods.IsHead(context.Request.Method)) await context.Response.SendFileAsync(file);
        });
        await app.StartAsync();
        Host = new Uri(app.Urls.First()).Authority;
    }

    /// <summary>A manifest by digest, or by the tag umoci wrote into index.json.</summary>
    private (string? Digest, string? MediaType) Manifest(string reference)
    {
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layoutDir, "index.json")));
        foreach (var m in index.RootElement.GetProperty("manifests").EnumerateArray())
        {
            var digest = m.GetProperty("digest").GetString()!;
            var tag = m.TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out var n) ? n.GetString() : null;
            if (reference == digest || reference == tag) return (digest, m.GetProperty("mediaType").GetString());
        }
        return (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}
