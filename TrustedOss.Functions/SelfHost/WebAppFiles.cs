using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// Serves the web page (web/, built into the app's `wwwroot`) at `/`: its files, and index.html for the
/// page's own routes (/projects/…, /scans) so a reload or a shared link works. API paths are never
/// shadowed: /v1, /hubs, /health and /openapi.json always reach their endpoints (or the 404 problem).
/// </summary>
public static class WebAppFiles
{
    public const string Folder = "wwwroot";

    // The page talks only to its own origin (API and hub); nothing is loaded from elsewhere.
    private const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] ApiPrefixes = ["/v1", "/hubs", "/health", "/openapi.json"];

    public static bool IsApiPath(PathString path) => ApiPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>A page route: GET/HEAD, not an API path, and no file extension (a missing /assets/x.js stays a 404).</summary>
    public static bool IsPageRoute(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !IsApiPath(request.Path)
        && !Path.HasExtension(request.Path.Value ?? "");

    /// <summary>Adds the page when `<paramref name="contentRoot"/>/wwwroot/index.html` exists (a build without web/ serves the API only).</summary>
    public static void UseWebApp(this WebApplication app, string contentRoot)
    {
        var root = Path.Combine(contentRoot, Folder);
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index)) return;
        var files = new PhysicalFileProvider(root);

        app.Use(async (context, next) =>
        {
            if (IsPageRoute(context.Request))
            {
                SetPageHeaders(context.Response);
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.SendFileAsync(index, context.RequestAborted);
                return;
            }
            await next();
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx =>
            {
                // Vite names bundles by content hash: they never change, so browsers may keep them.
                if (ctx.Context.Request.Path.StartsWithSegments("/assets"))
                    ctx.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
                else SetPageHeaders(ctx.Context.Response);
            },
        });
    }

    private static void SetPageHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-cache";
        response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
