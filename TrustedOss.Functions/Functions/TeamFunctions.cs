using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TrustedOss.Functions.Http;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Teams;

namespace TrustedOss.Functions.Functions;

/// <summary>Who am I, and the super admin's management of teams, users, memberships and API keys.</summary>
public sealed class TeamFunctions(ApiRequest api, TeamAdminService admin)
{
    [Function("GetMe")]
    public Task<IActionResult> Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/me")] HttpRequest req) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(await admin.MeAsync(caller, req.HttpContext.RequestAborted)));

    [Function("ListTeams")]
    public Task<IActionResult> ListTeams([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/teams")] HttpRequest req) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new { items = await admin.ListTeamsAsync(caller, req.HttpContext.RequestAborted) }));

    [Function("CreateTeam")]
    public Task<IActionResult> CreateTeam([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/teams")] HttpRequest req) =>
        api.HandleAsync(req, async caller => ApiResults.Created(
            await admin.CreateTeamAsync(caller, await ApiRequest.ReadJsonAsync<CreateTeamRequest>(req), req.HttpContext.RequestAborted)));

    [Function("CreateUser")]
    public Task<IActionResult> CreateUser([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users")] HttpRequest req) =>
        api.HandleAsync(req, async caller => ApiResults.Created(
            await admin.CreateUserAsync(caller, await ApiRequest.ReadJsonAsync<CreateUserRequest>(req), req.HttpContext.RequestAborted)));

    [Function("SetMembership")]
    public Task<IActionResult> SetMembership(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/teams/{teamId}/members/{userId}")] HttpRequest req, string teamId, string userId) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(await admin.SetMembershipAsync(caller,
            RouteIds.Parse("team", teamId), RouteIds.Parse("user", userId), await ApiRequest.ReadJsonAsync<SetMembershipRequest>(req), req.HttpContext.RequestAborted)));

    [Function("RemoveMembership")]
    public Task<IActionResult> RemoveMembership(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/teams/{teamId}/members/{userId}")] HttpRequest req, string teamId, string userId) =>
        api.HandleAsync(req, async caller =>
        {
            await admin.RemoveMembershipAsync(caller, RouteIds.Parse("team", teamId), RouteIds.Parse("user", userId), req.HttpContext.RequestAborted);
            return ApiResults.NoContent();
        });

    [Function("IssueApiKey")]
    public Task<IActionResult> IssueApiKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/users/{userId}/api-keys")] HttpRequest req, string userId) =>
        api.HandleAsync(req, async caller => ApiResults.Created(await admin.IssueApiKeyAsync(caller,
            RouteIds.Parse("user", userId), await ApiRequest.ReadJsonAsync<IssueApiKeyRequest>(req, emptyMeansDefault: true), req.HttpContext.RequestAborted)));

    [Function("ListApiKeys")]
    public Task<IActionResult> ListApiKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/users/{userId}/api-keys")] HttpRequest req, string userId) =>
        api.HandleAsync(req, async caller => ApiResults.Ok(new { items = await admin.ListApiKeysAsync(caller, RouteIds.Parse("user", userId), req.HttpContext.RequestAborted) }));

    [Function("RevokeApiKey")]
    public Task<IActionResult> RevokeApiKey([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/api-keys/{keyId}")] HttpRequest req, string keyId) =>
        api.HandleAsync(req, async caller =>
        {
            await admin.RevokeApiKeyAsync(caller, RouteIds.Parse("API key", keyId), req.HttpContext.RequestAborted);
            return ApiResults.NoContent();
        });
}
