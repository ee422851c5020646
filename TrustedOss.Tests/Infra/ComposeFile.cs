using YamlDotNet.RepresentationModel;

namespace TrustedOss.Tests.Infra;

/// <summary>infra/compose.yaml read with YamlDotNet: its services, their images and environment.</summary>
public sealed class ComposeFile
{
    private readonly YamlMappingNode _services;

    private ComposeFile(YamlMappingNode root) =>
        _services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];

    public static ComposeFile Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return new ComposeFile((YamlMappingNode)Assert.Single(stream.Documents).RootNode);
    }

    public IReadOnlyList<string> Services => _services.Children.Keys.Select(k => k.ToString()).ToArray();

    public string? Scalar(string service, string key) =>
        Service(service).Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s ? s.Value : null;

    public bool Builds(string service) => Service(service).Children.ContainsKey(new YamlScalarNode("build"));

    /// <summary>The service's environment, written as a map or as a list of KEY=value.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        if (!Service(service).Children.TryGetValue(new YamlScalarNode("environment"), out var node)) return new Dictionary<string, string>();
        return node switch
        {
            YamlMappingNode map => map.Children.ToDictionary(kv => kv.Key.ToString(), kv => (kv.Value as YamlScalarNode)?.Value ?? ""),
            YamlSequenceNode list => list.Children.Select(c => c.ToString().Split('=', 2))
                .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : ""),
            _ => throw new InvalidDataException($"environment of {service} is neither a map nor a list"),
        };
    }

    private YamlMappingNode Service(string name) => (YamlMappingNode)_services.Children[new YamlScalarNode(name)];
}
