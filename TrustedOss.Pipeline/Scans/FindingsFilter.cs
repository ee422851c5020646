using TrustedOss.Pipeline.Problems;

namespace TrustedOss.Pipeline.Scans;

/// <summary>
/// Paging and filters of the project findings endpoints (`limit`, `offset`, `severity`, `legal_tier`, `origin`), validated;
/// `scan_id` reads one earlier succeeded scan instead of the latest of each kind (a CI gate's "new since last time").
/// </summary>
public sealed record FindingsFilter(int Limit, int Offset, string[]? Severities, string[]? LegalTiers, string? Origin, Guid? ScanId = null)
{
    public const int DefaultLimit = 500;
    public const int MaxLimit = 5000;
    private static readonly string[] KnownSeverities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"];
    private static readonly string[] KnownTiers = ["allowed", "conditional", "forbidden", "unknown"];

    public static FindingsFilter From(int? limit, int? offset, string? severity, string? legalTier, string? origin, string? scanId = null)
    {
        Guid? scan = null;
        if (!string.IsNullOrEmpty(scanId))
            scan = Guid.TryParse(scanId, out var parsed) ? parsed : throw Problem.Invalid("scan_id", "'scan_id' must be a scan id (a UUID).").ToException();
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) throw Problem.Invalid("limit", $"'limit' must be between 1 and {MaxLimit}.").ToException();
        if (offset is < 0) throw Problem.Invalid("offset", "'offset' must not be negative.").ToException();
        if (origin is not (null or "declared" or "detected")) throw Problem.Invalid("origin", "'origin' must be declared or detected.").ToException();
        return new FindingsFilter(take, offset ?? 0,
            List("severity", severity?.ToUpperInvariant(), KnownSeverities),
            List("legal_tier", legalTier?.ToLowerInvariant(), KnownTiers), origin, scan);
    }

    private static string[]? List(string field, string? value, string[] allowed)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bad = items.FirstOrDefault(i => !allowed.Contains(i));
        if (bad is not null) throw Problem.Invalid(field, $"'{field}' accepts {string.Join(", ", allowed)} (comma-separated), not '{bad}'.").ToException();
        return items;
    }
}
