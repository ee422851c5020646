using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Health;

namespace TrustedOss.Functions.Functions;

/// <summary>GET /health: 200 when scans can run, 503 naming the failing dependency otherwise.</summary>
public sealed class HealthFunctions(ApiRequest api, HealthService health)
{
    [Function("Health")]
    public Task<IActionResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        api.HandleAnonymousAsync(req, async () =>
        {
            var report = await health.CheckAsync(req.HttpContext.RequestAborted);
            return ApiResults.Json(report, report.CanRunScans ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
}

/// <summary>GET /openapi.json: the API's routes, generated from the function declarations.</summary>
public sealed class OpenApiFunctions(ApiRequest api)
{
    [Function("OpenApi")]
    public Task<IActionResult> OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req) =>
        api.HandleAnonymousAsync(req, () => Task.FromResult<IActionResult>(new ContentResult
        {
            Content = OpenApiDocument.Build(typeof(OpenApiFunctions).Assembly),
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        }));
}
