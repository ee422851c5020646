using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>The best-effort first-party license stage (spec "Detected (first-party) licenses are missing").</summary>
public sealed record LicenseScanOptions(int MaxFiles, TimeSpan Timeout, string? TierCatalogPath)
{
    public static LicenseScanOptions From(IConfiguration c) => new(
        MaxFiles: SettingsReader.Int(c, "SCANCODE_MAX_FILES", 20_000),
        Timeout: TimeSpan.FromSeconds(SettingsReader.Int(c, "SCANCODE_TIMEOUT_SECONDS", 600)),
        TierCatalogPath: c["LICENSE_TIER_CATALOG"] is { Length: > 0 } p ? p : null);
}
