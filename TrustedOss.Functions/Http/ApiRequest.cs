using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using TrustedOss.Pipeline.Api;
using TrustedOss.Pipeline.Auth;
using TrustedOss.Pipeline.Problems;
using TrustedOss.Pipeline.Security;

namespace TrustedOss.Functions.Http;

/// <summary>
/// The one wrapper around every API function: authenticate the key, run the handler, and turn any
/// failure into problem+json (never a stack trace). Bodies are read strictly, naming the bad field.
/// </summary>
public sealed class ApiRequest(ApiKeyAuthenticator authenticator, ILogger<ApiRequest> logger)
{
    public const long MaxJsonBodyBytes = 1024 * 1024;

    public async Task<IActionResult> HandleAsync(HttpRequest request, Func<Caller, Task<IActionResult>> handler)
    {
        try
        {
            var caller = await authenticator.AuthenticateAsync(request.Headers.Authorization.ToString(), request.HttpContext.RequestAborted)
                ?? throw Problem.Unauthorized().ToException();
            return await handler(caller);
        }
        catch (Exception e)
        {
            return Fail(request, e);
        }
    }

    /// <summary>Same error handling for endpoints that need no key (health, OpenAPI).</summary>
    public async Task<IActionResult> HandleAnonymousAsync(HttpRequest request, Func<Task<IActionResult>> handler)
    {
        try { return await handler(); }
        catch (Exception e) { return Fail(request, e); }
    }

    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, bool emptyMeansDefault = false) where T : class
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Body.CanSeek && mediaType is null))
        {
            if (emptyMeansDefault) return JsonSerializer.Deserialize<T>("{}", ApiJson.Options)!;
            throw Problem.MalformedJson("The request needs a JSON body.").ToException();
        }
        if (mediaType is not null && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            throw Problem.UnsupportedMediaType($"Send the body as application/json, not '{mediaType}'.").ToException();
        if (request.ContentLength > MaxJsonBodyBytes)
            throw Problem.PayloadTooLarge($"JSON bodies are limited to {MaxJsonBodyBytes} bytes.").ToException();

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxJsonBodyBytes) throw Problem.PayloadTooLarge($"JSON bodies are limited to {MaxJsonBodyBytes} bytes.").ToException();
        if (buffer.Length == 0)
        {
            if (emptyMeansDefault) return JsonSerializer.Deserialize<T>("{}", ApiJson.Options)!;
            throw Problem.MalformedJson("The request needs a JSON body.").ToException();
        }
        try
        {
            return JsonSerializer.Deserialize<T>(buffer.ToArray(), ApiJson.Options)
                ?? throw Problem.MalformedJson("The body must be a JSON object, not null.").ToException();
        }
        catch (JsonException e)
        {
            throw JsonProblem(e).ToException();
        }
    }

    /// <summary>Syntax errors are 400; a well-formed body with a wrong type or unknown field is 422 naming the field.</summary>
    internal static ApiProblem JsonProblem(JsonException e)
    {
        // The reader wraps its syntax errors; the serializer's own type errors carry no inner reader error.
        if (e.InnerException is JsonException || e.Path is null or "$" && e.LineNumber is not null && !e.Message.Contains("could not be mapped", StringComparison.Ordinal))
            return Problem.MalformedJson($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}).");
        var unknown = System.Text.RegularExpressions.Regex.Match(e.Message, "The JSON property '([^']*)' could not be mapped");
        if (unknown.Success)
        {
            // Named from the body's root like every other field (metadata.registry_password), when the path spells it plainly.
            var name = unknown.Groups[1].Value;
            var unknownField = FieldName(e.Path) is { } path && (path == name || path.EndsWith("." + name, StringComparison.Ordinal)) ? path : name;
            return Problem.Invalid(unknownField, $"Unknown field '{unknownField}'.");
        }
        var field = FieldName(e.Path) ?? "body";
        if (e.Message.Contains("null", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase))
            return Problem.Invalid(field, $"'{field}' must not be null.");
        return Problem.Invalid(field, $"'{field}' has the wrong type.");
    }

    private static string? FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private IActionResult Fail(HttpRequest request, Exception e)
    {
        switch (e)
        {
            case ProblemException problem:
                return ApiResults.Problem(problem.Problem, request);
            case OperationCanceledException when request.HttpContext.RequestAborted.IsCancellationRequested:
                return new StatusCodeResult(499);
            case BadHttpRequestException bad:
                return ApiResults.Problem(new ApiProblem("bad-request", "Bad request", bad.StatusCode, CredentialRedactor.Redact(bad.Message)), request);
            default:
                var traceId = Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier;
                logger.LogError("Unhandled {ExceptionType} on {Method} {Path} (trace {TraceId}): {Message}",
                    e.GetType().Name, request.Method, request.Path.Value, traceId, CredentialRedactor.Redact(e.Message));
                return ApiResults.Problem(Problem.Internal(traceId), request);
        }
    }
}
