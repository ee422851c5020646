namespace TrustedOss.CommandLine.Api;

// The public API's JSON (README "API reference"), only the fields the CLI reads. Unknown fields are ignored, so a newer
// server never breaks an older CLI.

public sealed record ScanCounts(int Components, int Licenses, int Vulnerabilities);

public sealed record ScanMetadata(string? Verbosity, string? Ref, string? ImageRef, string? Upload);

public sealed record Scan(
    Guid Id, Guid ProjectId, string ProjectName, string Kind, string Status, ScanMetadata? Metadata, string? CurrentStep,
    int ProgressPercent, DateTime CreatedAt, DateTime? CompletedAt, string? ErrorDetail, string? CommitSha, string? VulnerabilityDb,
    ScanCounts Counts)
{
    public static readonly string[] TerminalStatuses = ["succeeded", "failed", "cancelled"];

    public bool IsTerminal => TerminalStatuses.Contains(Status);
}

public sealed record Project(Guid Id, string Slug, string Name, string? TeamSlug);

public sealed record Component(string Purl, string Name, string? Version, string? DeclaredLicense, string LegalTier, string? ManifestPath);

public sealed record Vulnerability(
    string Id, string Severity, string PackageName, string? InstalledVersion, string? FixedVersion, string? Title, decimal? CvssScore,
    string ScanKind, Guid ScanId, string? Target, string? Purl, string? ManifestPath);

public sealed record StageState(string Stage, int Ordinal, string State, string? Detail);

public sealed record LogLine(long Seq, string Stage, string Stream, string Line);

public sealed record ItemsPage<T>(List<T> Items);
