using System.Text.Json.Nodes;
using Json.Schema;

namespace TrustedOss.Tests.TestSupport;

/// <summary>
/// The OASIS SARIF 2.1.0 JSON schema as the npm package @microsoft/jest-sarif ships it (pinned in .tools), evaluated
/// with JsonSchema.Net. The file declares draft-04, which JsonSchema.Net does not implement; it uses no keyword whose
/// meaning changed after draft-04 (no exclusiveMinimum/Maximum, no nested ids), so it is evaluated under draft-07 rules
/// with its root <c>id</c> read as <c>$id</c>.
/// </summary>
public static class SarifSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(Load);

    public static string SchemaFile => Path.Combine(RepoPaths.ToolsDir, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json");

    /// <summary>Null when <paramref name="sarif"/> is valid, else the failing locations and messages.</summary>
    public static string? Errors(string sarif)
    {
        var result = Schema.Value.Evaluate(JsonNode.Parse(sarif), new EvaluationOptions { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft7 });
        if (result.IsValid) return null;
        return string.Join('\n', (result.Details ?? []).Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")).Take(20));
    }

    private static JsonSchema Load()
    {
        if (!File.Exists(SchemaFile)) throw new FileNotFoundException($"{SchemaFile} is missing: install the pinned tools (./dev test runs npm ci in .tools).", SchemaFile);
        var root = JsonNode.Parse(File.ReadAllText(SchemaFile))!.AsObject();
        root.Remove("$schema");
        if (root["id"] is { } id)
        {
            root.Remove("id");
            root["$id"] = id.GetValue<string>();
        }
        return JsonSchema.FromText(root.ToJsonString());
    }
}
