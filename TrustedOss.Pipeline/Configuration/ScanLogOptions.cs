using Microsoft.Extensions.Configuration;

namespace TrustedOss.Pipeline.Configuration;

/// <summary>The per-scan log line budget (spec: SCAN_LOG_MAX_LINES_PER_SCAN, default 20000).</summary>
public sealed record ScanLogOptions(int MaxLinesPerScan)
{
    public static ScanLogOptions From(IConfiguration c) => new(SettingsReader.Int(c, "SCAN_LOG_MAX_LINES_PER_SCAN", 20_000));
}
