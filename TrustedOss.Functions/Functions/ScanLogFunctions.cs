using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Functions.Functions;

/// <summary>A scan's stored per-stage log: paged as JSON, or the whole log as a text download (spec "Watching scan progress").</summary>
public sealed class ScanLogFunctions(ApiRequest api, ScanLogQueries logs)
{
    [Function("GetScanLogs")]
    public Task<IActionResult> Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/scans/{id}/logs")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new
        {
            items = await logs.PageAsync(caller, RouteIds.Parse("scan", id), req.Query["stage"].FirstOrDefault(),
                QueryInts.ReadLong(req, "after_seq"), QueryInts.Read(req, "limit"), req.HttpContext.RequestAborted),
        }));

    [Function("DownloadScanLogs")]
    public Task<IActionResult> Download([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/scans/{id}/logs/download")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller =>
        {
            var scanId = RouteIds.Parse("scan", id);
            var stage = req.Query["stage"].FirstOrDefault();
            var lines = await logs.DownloadLinesAsync(caller, scanId, stage, req.HttpContext.RequestAborted);
            return new TextLinesResult(lines, $"scan-{scanId}{(stage is null ? "" : "-" + stage)}.log");
        });
}
