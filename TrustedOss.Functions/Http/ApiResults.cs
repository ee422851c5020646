using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Functions.Http;

/// <summary>
/// The responses every function returns, serialized with the API's JSON contract. Content results
/// render the same on the Functions host and the self-host.
/// </summary>
public static class ApiResults
{
    public static IActionResult Ok(object value) => Json(value, StatusCodes.Status200OK);
    public static IActionResult Created(object value) => Json(value, StatusCodes.Status201Created);
    public static IActionResult Accepted(object value) => Json(value, StatusCodes.Status202Accepted);
    public static IActionResult NoContent() => new StatusCodeResult(StatusCodes.Status204NoContent);

    public static IActionResult Json(object value, int status, string contentType = "application/json") => new ContentResult
    {
        Content = JsonSerializer.Serialize(value, value.GetType(), ApiJson.Options),
        ContentType = contentType + "; charset=utf-8",
        StatusCode = status,
    };

    /// <summary>RFC 7807: type, title, status, detail, instance, then the problem's snake_case extensions.</summary>
    public static IActionResult Problem(ApiProblem problem, HttpRequest? request = null) =>
        Json(ProblemBody(problem, request?.Path.Value), problem.Status, "application/problem+json");

    public static Dictionary<string, object?> ProblemBody(ApiProblem problem, string? instance)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = Pipeline.Problems.Problem.TypeBase + problem.Type,
            ["title"] = problem.Title,
            ["status"] = problem.Status,
            ["detail"] = problem.Detail,
        };
        if (instance is not null) body["instance"] = instance;
        foreach (var (key, value) in problem.Extensions ?? new Dictionary<string, object?>()) body[key] = value;
        return body;
    }
}
