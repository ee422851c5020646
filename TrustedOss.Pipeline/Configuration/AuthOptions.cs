using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>API keys are stored as HMAC-SHA256(pepper, key); the pepper is a secret setting.</summary>
public sealed record AuthOptions(string ApiKeyPepper)
{
    public const string PepperKey = "API_KEY_PEPPER";

    public static AuthOptions From(IConfiguration c) => new(SettingsReader.String(c, PepperKey, "local-development-pepper-change-me"));
}
