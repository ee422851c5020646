using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>Which git URL schemes a project may use. `file` is for local development and tests only.</summary>
public sealed record GitOptions(IReadOnlyList<string> AllowedSchemes)
{
    public const string AllowedSchemesKey = "GIT_ALLOWED_SCHEMES";

    public static GitOptions From(IConfiguration c) => new(
        SettingsReader.List(c, AllowedSchemesKey, "https,ssh").Select(s => s.ToLowerInvariant()).ToArray());
}
