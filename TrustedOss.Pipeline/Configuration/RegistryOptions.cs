using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>
/// How container scans pull an image reference: skopeo, a pull timeout, and optional registry credentials.
/// Credentials come from settings only (never from a request); they reach skopeo through a private auth file,
/// never an argument, and this type does not print them.
/// </summary>
public sealed class RegistryOptions(string skopeoPath, TimeSpan pullTimeout, string? username, string? password, IReadOnlyList<string>? insecureRegistries = null)
{
    public const string PullTimeoutKey = "IMAGE_PULL_TIMEOUT_SECONDS";

    public string SkopeoPath { get; } = skopeoPath;

    public TimeSpan PullTimeout { get; } = pullTimeout;

    public string? Username { get; } = username;

    public string? Password { get; } = password;

    public bool HasCredentials => !string.IsNullOrEmpty(Username);

    /// <summary>Registries (`host` or `host:port`) pulled without TLS verification, plain HTTP allowed: local and test registries only.</summary>
    public IReadOnlyList<string> InsecureRegistries { get; } = insecureRegistries ?? [];

    public bool IsInsecure(string registry) =>
        InsecureRegistries.Any(r => string.Equals(r, registry, StringComparison.OrdinalIgnoreCase) || string.Equals(r, registry.Split(':')[0], StringComparison.OrdinalIgnoreCase));

    public static RegistryOptions From(IConfiguration c) => new(
        SettingsReader.String(c, "SKOPEO_PATH", "skopeo"),
        TimeSpan.FromSeconds(SettingsReader.Int(c, PullTimeoutKey, 300)),
        NullIfEmpty(SettingsReader.String(c, "REGISTRY_USERNAME", "")),
        NullIfEmpty(SettingsReader.String(c, "REGISTRY_PASSWORD", "")),
        SettingsReader.List(c, "REGISTRY_INSECURE_HOSTS", ""));

    public override string ToString() => $"RegistryOptions {{ SkopeoPath = {SkopeoPath}, PullTimeout = {PullTimeout}, Credentials = {(HasCredentials ? "set" : "none")}, InsecureRegistries = [{string.Join(", ", InsecureRegistries)}] }}";

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
