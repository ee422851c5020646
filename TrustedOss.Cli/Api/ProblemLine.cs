using System.Net;
using System.Text.Json;

namespace TrustedOss.CommandLine.Api;

/// <summary>Turns an API error (RFC 7807 problem+json, or anything else) into the one line the CLI prints.</summary>
public static class ProblemLine
{
    public static string From(HttpStatusCode status, string? body)
    {
        var code = (int)status;
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "null" : body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = doc.RootElement;
                var title = Text(root, "title") ?? status.ToString();
                var detail = Text(root, "detail");
                var field = Text(root, "field");
                var extra = Text(root, "active_scan_id") is { } active ? $" (active scan {active})" : "";
                var line = $"{title} (HTTP {code}){(detail is null ? "" : ": " + detail)}{(field is null ? "" : $" [field: {field}]")}{extra}";
                return OneLine(line);
            }
        }
        catch (JsonException)
        {
        }
        return $"The server answered HTTP {code} {status}.";
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? value.ToString()
            : null;

    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
