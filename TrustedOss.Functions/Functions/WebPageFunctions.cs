using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrustedOss.Functions.Http;

namespace TrustedOss.Functions.Functions;

/// <summary>
/// GET / and the page's routes: the web page, served by the app itself on both hosts (same origin as the
/// API and the hub). Every more specific route wins over this catch-all.
/// </summary>
public sealed class WebPageFunctions(WebPageFiles files)
{
    public const string Name = "WebPage";
    // A regex constraint cannot keep /admin and /runtime out: ASP.NET Core fails a constraint on an absent
    // value, which would lose "/". WebPageFiles answers those paths with the 404 problem instead.
    public const string Route = "{*path}";

    [Function(Name)]
    public IActionResult Serve([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = Route)] HttpRequest req) => files.Serve(req);
}
