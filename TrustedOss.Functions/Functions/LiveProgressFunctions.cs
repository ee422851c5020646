using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Progress.SignalRService;

namespace TrustedOss.Functions.Functions;

/// <summary>
/// Live progress through Azure SignalR Service in Serverless mode (the Functions host's path; spec "WebSocket
/// progress feed"). A SignalR client built with the URL `{BASE_URL}/v1/scans` negotiates here, connects to the
/// service, then subscribes its connection id to a scan.
/// </summary>
public sealed class LiveProgressFunctions(ApiRequest api, SignalRNegotiation negotiation, ScanSubscription subscription)
{
    [Function("NegotiateScans")]
    public Task<IActionResult> Negotiate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/scans/negotiate")] HttpRequest req) =>
        api.HandleAsync(req, caller => Task.FromResult(ApiResults.Ok(negotiation.Negotiate(caller))));

    [Function("SubscribeScan")]
    public Task<IActionResult> Subscribe([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/scans/{id}/subscribe")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller =>
        {
            var scanId = RouteIds.Parse("scan", id);
            var body = await ApiRequest.ReadJsonAsync<SubscribeRequest>(req);
            return ApiResults.Ok(await subscription.SubscribeAsync(caller, scanId, body.ConnectionId, req.HttpContext.RequestAborted));
        });
}
