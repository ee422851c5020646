using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace TrustedOss.Functions.SelfHost;

/// <summary>What the self-host honours from the Functions configuration files, so both hosts agree.</summary>
public static class HostJson
{
    /// <summary>`extensions.http.routePrefix` (Functions' default is "api"; ours is "").</summary>
    public static string RoutePrefix(string directory)
    {
        var path = Path.Combine(directory, "host.json");
        if (!File.Exists(path)) return "api";
        var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return node?["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
    }

    /// <summary>local.settings.json's `Values` (the file `func start` reads), below environment variables in priority.</summary>
    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string directory)
    {
        var path = Path.Combine(directory, "local.settings.json");
        if (!File.Exists(path)) return builder;
        var values = JsonNode.Parse(File.ReadAllText(path))?["Values"]?.AsObject();
        if (values is null) return builder;
        return builder.AddInMemoryCollection(values.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value?.ToString())));
    }
}
