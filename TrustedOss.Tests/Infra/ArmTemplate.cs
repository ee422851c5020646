using System.Text.Json.Nodes;

namespace TrustedOss.Tests.Infra;

/// <summary>One resource of a compiled template, with the module (nested deployment) it sits in.</summary>
public sealed record ArmResource(string Type, JsonObject Body, string Module, JsonObject Template)
{
    public string Name => Body["name"]?.ToString() ?? "";

    public JsonNode? Property(string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(Body, (node, part) => node?[part]);
}

/// <summary>Walks ARM JSON as Bicep emits it, nested module deployments included.</summary>
public static class ArmTemplate
{
    public static IReadOnlyList<ArmResource> Resources(JsonObject template, string module = "main")
    {
        var found = new List<ArmResource>();
        // languageVersion 2.0 keys resources by symbolic name; 1.0 lists them.
        var resources = template["resources"] switch
        {
            JsonArray list => list.OfType<JsonObject>(),
            JsonObject bySymbol => bySymbol.Select(kv => kv.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            var type = resource["type"]?.ToString() ?? "";
            if (resource["existing"]?.GetValue<bool>() == true) continue;
            found.Add(new ArmResource(type, resource, module, template));
            if (type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
                found.AddRange(Resources(nested, resource["name"]?.ToString() ?? module));
        }
        return found;
    }

    public static IReadOnlyList<ArmResource> OfType(JsonObject template, string type) =>
        Resources(template).Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase)).ToArray();

    public static ArmResource Single(JsonObject template, string type, string nameContains) =>
        Assert.Single(OfType(template, type), r => r.Name.Contains(nameContains, StringComparison.Ordinal));

    /// <summary>A template expression's literal, when it is one of <c>[variables('x')]</c> or a literal string.</summary>
    public static string? Literal(JsonObject template, string? value)
    {
        if (value is null || !value.StartsWith('[')) return value;
        var match = System.Text.RegularExpressions.Regex.Match(value, @"^\[variables\('([^']+)'\)\]$");
        return match.Success ? template["variables"]?[match.Groups[1].Value]?.ToString() : null;
    }
}
