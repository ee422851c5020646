using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>The background jobs' limits (spec "Scan stuck running for ≥ 4 hours").</summary>
public sealed record MaintenanceOptions(TimeSpan ScanHardLimit, TimeSpan OrphanWorkspaceAge)
{
    public static MaintenanceOptions From(IConfiguration c) => new(
        ScanHardLimit: TimeSpan.FromMinutes(SettingsReader.Int(c, "SCAN_HARD_LIMIT_MINUTES", 240)),
        OrphanWorkspaceAge: TimeSpan.FromMinutes(SettingsReader.Int(c, "ORPHAN_WORKSPACE_MINUTES", 30)));
}
