using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>The background jobs' limits (spec "Scan stuck running for ≥ 4 hours") and schedules.</summary>
public sealed record MaintenanceOptions(TimeSpan ScanHardLimit, TimeSpan OrphanWorkspaceAge)
{
    // The timer functions name these as `%SETTING%` schedules (6-field NCRONTAB, UTC).
    public const string TrivyDbRefreshScheduleKey = "TRIVY_DB_REFRESH_SCHEDULE";
    public const string RematchScheduleKey = "VULNERABILITY_REMATCH_SCHEDULE";
    public const string StuckScanScheduleKey = "STUCK_SCAN_BACKSTOP_SCHEDULE";
    public const string OrphanWorkspaceScheduleKey = "ORPHAN_WORKSPACE_CLEANER_SCHEDULE";

    /// <summary>
    /// The schedule used when a setting is unset or empty. The self-host applies these itself; the Functions host
    /// fails a timer whose `%SETTING%` is unset, so local.settings.sample.json (and a deployment's app settings)
    /// carry the same values.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ScheduleDefaults { get; } = new Dictionary<string, string>
    {
        [TrivyDbRefreshScheduleKey] = "0 15 */6 * * *", // every 6 h, at :15
        [RematchScheduleKey] = "0 */2 * * * *",         // every 2 min
        [StuckScanScheduleKey] = "0 */5 * * * *",       // every 5 min
        [OrphanWorkspaceScheduleKey] = "0 */10 * * * *", // every 10 min
    };

    public static MaintenanceOptions From(IConfiguration c) => new(
        ScanHardLimit: TimeSpan.FromMinutes(SettingsReader.Int(c, "SCAN_HARD_LIMIT_MINUTES", 240)),
        OrphanWorkspaceAge: TimeSpan.FromMinutes(SettingsReader.Int(c, "ORPHAN_WORKSPACE_MINUTES", 30)));
}
