using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Orchestration;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Functions.Functions;

/// <summary>Trigger, read, list and cancel scans (spec "Trigger a scan", "Cancel a scan", "The global scan queue").</summary>
public sealed class ScanFunctions(ApiRequest api, ScanTrigger trigger, ScanQueries queries, ScanCancellation cancellation, WorkspaceOptions limits)
{
    [Function("TriggerScan")]
    public Task<IActionResult> Trigger(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/projects/{id}/scans")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient durable) =>
        api.HandleAsync(req, async caller =>
        {
            var projectId = RouteIds.Parse("project", id);
            var (request, upload) = await ScanTriggerRequest.ReadAsync(req, limits);
            return ApiResults.Accepted(await trigger.TriggerAsync(caller, projectId, request, upload, new DurableScanScheduler(durable), req.HttpContext.RequestAborted));
        });

    [Function("GetScan")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/scans/{id}")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(await queries.GetAsync(caller, RouteIds.Parse("scan", id), req.HttpContext.RequestAborted)));

    [Function("ListScans")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/scans")] HttpRequest req) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new
        {
            items = await queries.ListAsync(caller, req.Query["status"].FirstOrDefault(), QueryInts.Read(req, "limit"), QueryInts.Read(req, "offset"), req.HttpContext.RequestAborted),
        }));

    [Function("ListProjectScans")]
    public Task<IActionResult> ListForProject([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects/{id}/scans")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new
        {
            items = await queries.ListForProjectAsync(caller, RouteIds.Parse("project", id), QueryInts.Read(req, "limit"), QueryInts.Read(req, "offset"), req.HttpContext.RequestAborted),
        }));

    [Function("GetScanStages")]
    public Task<IActionResult> Stages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/scans/{id}/stages")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new { items = await queries.StagesAsync(caller, RouteIds.Parse("scan", id), req.HttpContext.RequestAborted) }));

    [Function("CancelScan")]
    public Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/scans/{id}/cancel")] HttpRequest req, string id,
        [DurableClient] DurableTaskClient durable) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(
            await cancellation.CancelAsync(caller, RouteIds.Parse("scan", id), new DurableScanScheduler(durable), req.HttpContext.RequestAborted)));
}
