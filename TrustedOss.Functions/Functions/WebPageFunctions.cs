using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrustedOss.Functions.Http;

namespace TrustedOss.Functions.Functions;

/// <summary>
/// GET / and the page's routes: the web page, served by the app itself on both hosts (same origin as the
/// API and the hub). Every more specific route wins over this catch-all.
/// </summary>
public sealed class WebPageFunctions
{
    public const string Name = "WebPage";
    private static readonly WebPageFiles Files = WebPageFiles.ForApp();

    [Function(Name)]
    public IActionResult Serve([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "{*path}")] HttpRequest req) => Files.Serve(req);
}
