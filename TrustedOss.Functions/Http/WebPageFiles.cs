using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Functions.Http;

/// <summary>
/// The web page's files (web/, built into the app's `wwwroot`): a file when one exists, index.html for
/// the page's own routes (/projects/…, /scans) so a reload or a shared link works, and the API's 404
/// problem for everything else — API paths (/v1, /hubs, /health, /openapi.json) are never shadowed.
/// </summary>
public sealed class WebPageFiles(string root, string contentSecurityPolicy)
{
    public const string Folder = "wwwroot";

    // The API's paths, and the Functions host's own (/admin, /runtime), which a page never claims.
    private static readonly string[] ApiPrefixes = ["/v1", "/hubs", "/health", "/openapi.json", "/admin", "/runtime"];
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static WebPageFiles ForApp(SignalRServiceOptions signalR) =>
        new(Path.Combine(AppContext.BaseDirectory, Folder), WebPagePolicy.ContentSecurityPolicy(signalR));

    public static bool IsApiPath(PathString path) => ApiPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public IActionResult Serve(HttpRequest request)
    {
        var path = request.Path;
        if (IsApiPath(path)) return ApiResults.Problem(Problem.RouteNotFound(path.Value ?? "/"), request);
        var file = Resolve(path.Value ?? "/");
        if (file is not null) return FileResult(request, file, immutable: path.StartsWithSegments("/assets"));
        // A page route (no file extension) gets the page; a missing file stays a 404.
        var index = Path.Combine(root, "index.html");
        if (!Path.HasExtension(path.Value) && File.Exists(index)) return FileResult(request, index, immutable: false);
        return ApiResults.Problem(Problem.RouteNotFound(path.Value ?? "/"), request);
    }

    /// <summary>The file under the root for a request path, or null: never a path outside the root, never a folder.</summary>
    private string? Resolve(string requestPath)
    {
        var relative = Uri.UnescapeDataString(requestPath).TrimStart('/');
        if (relative.Length == 0) return null;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootWithSeparator = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(rootWithSeparator, StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }

    private IActionResult FileResult(HttpRequest request, string file, bool immutable)
    {
        var headers = request.HttpContext.Response.Headers;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        if (immutable)
        {
            // Vite names bundles by content hash: they never change, so browsers may keep them.
            headers.CacheControl = "public, max-age=31536000, immutable";
        }
        else
        {
            headers.CacheControl = "no-cache";
            headers[HeaderNames.ContentSecurityPolicy] = contentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }
        var info = new FileInfo(file);
        var contentType = ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream";
        return new PhysicalFileResult(file, contentType)
        {
            LastModified = info.LastWriteTimeUtc,
            EntityTag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\""),
        };
    }
}
