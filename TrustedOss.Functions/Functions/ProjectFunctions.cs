using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Projects;
using TrustedOss.Pipeline.Scans;

namespace TrustedOss.Functions.Functions;

/// <summary>/v1/projects: CRUD, team-scoped (another team's project is 404).</summary>
public sealed class ProjectFunctions(ApiRequest api, ProjectService projects)
{
    [Function("ListProjects")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects")] HttpRequest req) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new { items = await projects.ListAsync(caller, req.HttpContext.RequestAborted) }));

    [Function("CreateProject")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/projects")] HttpRequest req) =>
        api.HandleAsync(req, async caller => ApiResults.Created(
            await projects.CreateAsync(caller, await ApiRequest.ReadJsonAsync<CreateProjectRequest>(req), req.HttpContext.RequestAborted)));

    [Function("GetProject")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects/{id}")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(await projects.GetAsync(caller, RouteIds.Parse("project", id), req.HttpContext.RequestAborted)));

    [Function("UpdateProject")]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/projects/{id}")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller =>
        {
            var projectId = RouteIds.Parse("project", id);
            return ApiResults.Ok(await projects.UpdateAsync(caller, projectId, await ApiRequest.ReadJsonAsync<UpdateProjectRequest>(req), req.HttpContext.RequestAborted));
        });

    [Function("DeleteProject")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/projects/{id}")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller =>
        {
            await projects.DeleteAsync(caller, RouteIds.Parse("project", id), req.HttpContext.RequestAborted);
            return ApiResults.NoContent();
        });
}

/// <summary>What the project's latest succeeded scans found.</summary>
public sealed class ProjectFindingsFunctions(ApiRequest api, ProjectFindingsQueries findings)
{
    [Function("ListProjectComponents")]
    public Task<IActionResult> Components([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects/{id}/components")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new { items = await findings.ComponentsAsync(caller, RouteIds.Parse("project", id), FilterOf(req), req.HttpContext.RequestAborted) }));

    [Function("ListProjectLicenses")]
    public Task<IActionResult> Licenses([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects/{id}/licenses")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new { items = await findings.LicensesAsync(caller, RouteIds.Parse("project", id), FilterOf(req), req.HttpContext.RequestAborted) }));

    [Function("ListProjectVulnerabilities")]
    public Task<IActionResult> Vulnerabilities([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/projects/{id}/vulnerabilities")] HttpRequest req, string id) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new { items = await findings.VulnerabilitiesAsync(caller, RouteIds.Parse("project", id), FilterOf(req), req.HttpContext.RequestAborted) }));

    private static FindingsFilter FilterOf(HttpRequest req) => FindingsFilter.From(
        QueryInts.Read(req, "limit"), QueryInts.Read(req, "offset"),
        req.Query["severity"].FirstOrDefault(), req.Query["legal_tier"].FirstOrDefault(), req.Query["origin"].FirstOrDefault(),
        req.Query["scan_id"].FirstOrDefault());
}
