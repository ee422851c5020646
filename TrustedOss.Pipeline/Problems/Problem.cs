namespace TrustedOss.Pipeline.Problems;

/// <summary>The one factory for every problem the API returns.</summary>
public static class Problem
{
    public const string TypeBase = "https://trustedoss.dev/problems/";

    public static ApiProblem Unauthorized(string detail = "Send an API key as 'Authorization: Bearer <key>'.") =>
        new("unauthorized", "Missing or invalid API key", 401, detail);

    /// <summary>Other teams' resources are existence-hidden: the same answer as a missing one.</summary>
    public static ApiProblem NotFound(string what, object id) =>
        new("not-found", $"{Capitalize(what)} not found", 404, $"No {what} with id '{id}' exists, or it belongs to a team you are not a member of.");

    public static ApiProblem RouteNotFound(string path) =>
        new("not-found", "Not found", 404, $"No endpoint at '{path}'.");

    public static ApiProblem Forbidden(string detail) => new("forbidden", "Not allowed", 403, detail);

    public static ApiProblem MalformedJson(string detail) => new("malformed-json", "Malformed JSON body", 400, detail);

    public static ApiProblem MalformedMultipart(string detail) => new("malformed-multipart", "Malformed multipart body", 400, detail);

    public static ApiProblem WebSocketRequired(string detail) => new("websocket-required", "WebSocket required", 400, detail);

    public static ApiProblem UnsupportedMediaType(string detail) => new("unsupported-media-type", "Unsupported media type", 415, detail);

    public static ApiProblem PayloadTooLarge(string detail) => new("payload-too-large", "Request body too large", 413, detail);

    /// <summary>A request that parsed but is invalid; the offending field is named in `field` and `errors`.</summary>
    public static ApiProblem Invalid(string field, string detail) =>
        new("validation-failed", $"Invalid field '{field}'", 422, detail, new Dictionary<string, object?>
        {
            ["field"] = field,
            ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
        });

    public static ApiProblem Conflict(string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new("conflict", title, 409, detail, extensions);

    public static ApiProblem Unavailable(string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new("service-unavailable", title, 503, detail, extensions);

    public static ApiProblem Internal(string traceId) =>
        new("internal-error", "Internal error", 500, $"The request failed unexpectedly. Quote trace id {traceId} when reporting it.", new Dictionary<string, object?> { ["trace_id"] = traceId });

    public static ProblemException ToException(this ApiProblem problem) => new(problem);

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
