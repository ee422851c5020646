using System.Reflection;
using System.Text.RegularExpressions;

namespace TrustedOss.Functions.Http;

/// <summary>
/// The OpenAPI 3.0 document of the HTTP API, built from the same `[HttpTrigger]` declarations both hosts
/// serve, so it cannot drift from the routes. Bodies are described in README.md.
/// </summary>
public static partial class OpenApiDocument
{
    private static readonly HashSet<string> Anonymous = ["Health", "OpenApi"];

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial Regex WordBoundary();

    /// <summary>The API's functions: every HTTP function except the web page's catch-all.</summary>
    public static IEnumerable<HttpFunction> ApiFunctions(Assembly assembly) =>
        HttpFunctionCatalog.Discover(assembly).Where(f => f.Name != Functions.WebPageFunctions.Name);

    public static string Build(Assembly assembly)
    {
        var paths = new SortedDictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        foreach (var function in ApiFunctions(assembly))
        {
            var path = "/" + function.Route;
            if (!paths.TryGetValue(path, out var operations)) paths[path] = operations = [];
            foreach (var verb in function.Verbs)
            {
                var operation = new Dictionary<string, object>
                {
                    ["operationId"] = function.Name,
                    ["summary"] = WordBoundary().Replace(function.Name, " "),
                    ["parameters"] = RouteParameter().Matches(function.Route)
                        .Select(m => new { name = m.Groups[1].Value, @in = "path", required = true, schema = new { type = "string", format = "uuid" } }).ToArray(),
                    ["responses"] = new Dictionary<string, object>
                    {
                        ["2XX"] = new { description = "Success (application/json)" },
                        ["default"] = new { description = "An RFC 7807 problem", content = new Dictionary<string, object> { ["application/problem+json"] = new { schema = new Dictionary<string, string> { ["$ref"] = "#/components/schemas/Problem" } } } },
                    },
                };
                if (Anonymous.Contains(function.Name)) operation["security"] = Array.Empty<object>();
                operations[verb.ToLowerInvariant()] = operation;
            }
        }
        // Serialized with plain options: OpenAPI's member names are camelCase by definition, not our snake_case.
        return System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["openapi"] = "3.0.3",
            ["info"] = new { title = "TrustedOSS Scans API", version = "1.0" },
            ["security"] = new[] { new Dictionary<string, string[]> { ["apiKey"] = [] } },
            ["paths"] = paths,
            ["components"] = new
            {
                securitySchemes = new { apiKey = new { type = "http", scheme = "bearer", description = "Authorization: Bearer <api key>" } },
                schemas = new Dictionary<string, object>
                {
                    ["Problem"] = new
                    {
                        type = "object",
                        required = new[] { "type", "title", "status", "detail" },
                        properties = new Dictionary<string, object>
                        {
                            ["type"] = new { type = "string" }, ["title"] = new { type = "string" }, ["status"] = new { type = "integer" },
                            ["detail"] = new { type = "string" }, ["instance"] = new { type = "string" },
                        },
                    },
                },
            },
        });
    }
}
